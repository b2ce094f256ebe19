#!/usr/bin/python3
"""Renders the demo's sample document: a Swedish passport of Åsa Lindström
(born 1964-08-23), the cardholder of the demo order N-100010 of
sync/server/seed/demo.json, with mrz/gen/mrzgen.py's renderer at the
"easy" level, and writes its MRZ text next to it.  Invented person.
   kiosk/tests/demo-document/make.py        (rewrites the committed files)"""
import os
import random
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "..", "mrz", "gen"))
import mrzgen  # noqa: E402

cd = mrzgen.check_digit
number, birth, expiry, personal = "SE4817263", "640823", "310815", "6408233234<<<<"
line1 = ("P<SWELINDSTROM<<ASA").ljust(44, "<")
line2 = number + cd(number) + "SWE" + birth + cd(birth) + "F" + expiry + cd(expiry) + \
    personal + cd(personal)
line2 += cd(line2[0:10] + line2[13:20] + line2[21:43])
assert len(line1) == 44 and len(line2) == 44

# make_scene draws random lines; this document's lines instead.
mrzgen.make_mrz = lambda rng, fmt: [line1, line2]
rng = random.Random(20261123)
mrzgen.np.random.seed(20261123)
data, lines, quad, angle = mrzgen.make_scene(rng, "easy", "TD3", 1024)
with open(os.path.join(here, "lindstrom-td3.jpg"), "wb") as f:
    f.write(data)
with open(os.path.join(here, "lindstrom-td3.mrz"), "w") as f:
    f.write(line1 + "\n" + line2 + "\n")
print("lindstrom-td3.jpg: %d bytes, MRZ tilted %.1f degrees" % (len(data), angle))
