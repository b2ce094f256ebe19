#!/usr/bin/python3
"""mrzgen.py - synthetic travel documents with a machine readable zone.

Renders TD1, TD2 and TD3 documents with the OCR-B font of Debian's
fonts-ocr-b on guilloche-like backgrounds with a photo box and visual-zone
text, places them in a scene and damages the picture (rotation including
90/180/270 degrees, tilt, perspective, blur, noise, glare, JPEG artefacts,
low resolution).  Everything is drawn from one seed, so a set is
reproducible.  Every identity is invented; names are random syllables.

  mrzgen.py docs  --out DIR --count N --seed S [--level easy|medium|hard|mix]
                  [--prefix NAME] [--negatives K] [--max-width PX]
  mrzgen.py lines --out DIR --count N --seed S     (training lines for
                  scripts/train-mrz-model: PNG + .gt.txt per line)
  mrzgen.py video --out FILE.avi --seed S [--frames N]  (a short MJPEG clip
                  of one document, for `id06-mrz watch --video`)
  mrzgen.py cells --out FILE.h   (the OCR-B glyph templates of the reader's
                  cell classifier, mrz/read/ocrb_cells.h)

docs writes NAME-LEVEL-NNNN.jpg plus truth.jsonl (one JSON object per image:
file, level, format, lines, quad of the MRZ in image pixels, or found=false
for negatives).  Debian packages only: python3-opencv, python3-pil,
python3-numpy.
"""
import argparse
import io
import json
import math
import os
import random
import sys

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

OCRB = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SANS_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"

STATES = ["SWE", "NOR", "DNK", "FIN", "ISL", "D", "FRA", "ITA", "ESP", "PRT",
          "POL", "LTU", "LVA", "EST", "UKR", "ROU", "BGR", "GRC", "NLD", "BEL",
          "AUT", "CHE", "GBR", "IRL", "USA", "CAN", "TUR", "SRB", "HRV", "BIH",
          "UTO", "CZE", "SVK", "HUN", "SVN", "MDA", "ALB", "MKD", "IND", "PAK",
          "SYR", "IRQ", "IRN", "AFG", "ERI", "SOM", "CHN", "VNM", "THA", "PHL",
          "BRA", "ARG", "CHL", "MEX", "MAR", "TUN", "EGY", "NGA", "KEN", "ETH"]
ONSETS = ["B", "C", "D", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S",
          "T", "V", "W", "Z", "BR", "CH", "DR", "GR", "KR", "PR", "SCH", "SH",
          "ST", "TR", "SV", "KV", "ZH", ""]
VOWELS = ["A", "E", "I", "O", "U", "Y", "AA", "EI", "IE", "OU", "IO", "AE", "OE"]
CODAS = ["", "", "N", "R", "S", "L", "M", "K", "T", "RD", "NS", "LL", "SK",
         "ND", "RG", "X", "Q", "W"]
WORDS = ("PASSPORT PASS REISEPASS PASSEPORT SURNAME NAMN NOM GIVEN NAMES "
         "FORNAMN NATIONALITY NATIONALITET DATE OF BIRTH FODELSEDATUM SEX KON "
         "PLACE BIRTH ORT AUTHORITY MYNDIGHET ISSUE UTFARDANDE EXPIRY GILTIG "
         "TILL SIGNATURE NAMNTECKNING TYPE TYP CODE KOD DOCUMENT NO IDENTITY "
         "CARD IDENTITETSKORT HEIGHT LANGD POLISEN KINGDOM REPUBLIC UNION "
         "STOCKHOLM GOTEBORG MALMO UPPSALA 12 03 1985 2031 M F X").split()


def check_digit(s):
    total = 0
    for i, c in enumerate(s):
        if c.isdigit():
            v = ord(c) - 48
        elif c.isalpha():
            v = ord(c) - 55
        else:
            v = 0
        total += v * (7, 3, 1)[i % 3]
    return str(total % 10)


def name_part(rng):
    n = rng.choice([1, 2, 2, 3])
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
                   for _ in range(n))


def name_field(rng, width):
    surname = "<".join(name_part(rng) for _ in range(rng.choice([1, 1, 1, 2])))
    given = "<".join(name_part(rng) for _ in range(rng.choice([1, 1, 2, 2, 3])))
    if rng.random() < 0.05:
        given = ""
    field = surname + "<<" + given
    if len(field) > width:
        field = field[:width]          # truncated as issuers do
    return field.ljust(width, "<")


def random_date(rng, lo, hi):
    y = rng.randint(lo, hi)
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    return "%02d%02d%02d" % (y % 100, m, d)


def doc_number(rng):
    kind = rng.random()
    if kind < 0.4:
        s = "".join(rng.choice("0123456789") for _ in range(9))
    elif kind < 0.8:
        s = "".join(rng.choice("ABCDEFGHIJKLMNPRSTUVWXYZ") for _ in range(2)) + \
            "".join(rng.choice("0123456789") for _ in range(7))
    else:
        s = "".join(rng.choice(ALPHABET[:36]) for _ in range(rng.choice([8, 9])))
    return s.ljust(9, "<")


def optional(rng, width, p_empty=0.5):
    if rng.random() < p_empty:
        return "<" * width
    n = rng.randint(1, width)
    return "".join(rng.choice(ALPHABET[:36]) for _ in range(n)).ljust(width, "<")


def make_mrz(rng, fmt):
    """Random, valid MRZ lines of format fmt ('TD1', 'TD2', 'TD3')."""
    state = rng.choice(STATES).ljust(3, "<")
    nat = (state if rng.random() < 0.8 else rng.choice(STATES).ljust(3, "<"))
    dob = random_date(rng, 1940, 2008)
    exp = random_date(rng, 2024, 2036)
    sex = rng.choice("MMMFFFX<")
    num = doc_number(rng)
    if fmt == "TD3":
        code = "P" + rng.choice("<<<<ADO")
        l1 = code + state + name_field(rng, 39)
        pers = optional(rng, 14)
        pcd = "<" if pers == "<" * 14 and rng.random() < 0.5 else check_digit(pers)
        l2 = num + check_digit(num) + nat + dob + check_digit(dob) + sex + exp + \
            check_digit(exp) + pers + pcd
        comp = l2[0:10] + l2[13:20] + l2[21:43]
        l2 += check_digit(comp)
        return [l1, l2]
    if fmt == "TD2":
        code = rng.choice(["I<", "ID", "IP", "AC", "C<"])
        l1 = code + state + name_field(rng, 31)
        opt = optional(rng, 7)
        l2 = num + check_digit(num) + nat + dob + check_digit(dob) + sex + exp + \
            check_digit(exp) + opt
        comp = l2[0:10] + l2[13:20] + l2[21:35]
        l2 += check_digit(comp)
        return [l1, l2]
    code = rng.choice(["I<", "ID", "IR", "AC", "C<", "I<"])
    opt1 = optional(rng, 15)
    l1 = code + state + num + check_digit(num) + opt1
    opt2 = optional(rng, 11)
    l2 = dob + check_digit(dob) + sex + exp + check_digit(exp) + nat + opt2
    comp = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    l2 += check_digit(comp)
    l3 = name_field(rng, 30)
    return [l1, l2, l3]


# Physical sizes in mm: page, MRZ left margin, bottom of the last line.
SIZES = {"TD1": (85.6, 54.0), "TD2": (105.0, 74.0), "TD3": (125.0, 88.0)}
PITCH_MM = 2.54      # ICAO character pitch
LINE_MM = 4.23       # 6 lines per inch


def guilloche(rng, w, h, scale):
    """A pale rosette-and-wave pattern, the kind printed behind data pages."""
    img = np.zeros((h, w, 3), np.float32)
    base = np.array([rng.uniform(200, 250) for _ in range(3)], np.float32)
    img[:] = base
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32) / scale
    tint = np.array([rng.uniform(60, 200) for _ in range(3)], np.float32)
    for _ in range(rng.randint(2, 5)):
        f1, f2 = rng.uniform(0.05, 0.4), rng.uniform(0.05, 0.4)
        a = rng.uniform(2, 8)
        ph = rng.uniform(0, 6.3)
        cx, cy = rng.uniform(0, w / scale), rng.uniform(0, h / scale)
        r = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2)
        th = np.arctan2(yy - cy, xx - cx)
        v = np.sin(r * f1 + a * np.sin(th * rng.randint(3, 12) + ph)) + \
            np.sin(xx * f2 + a * 0.3 * np.sin(yy * f1))
        lines = np.exp(-(v ** 2) * rng.uniform(8, 30))
        strength = rng.uniform(0.05, 0.35)
        img -= (lines * strength)[..., None] * (base - tint)[None, None, :]
    return np.clip(img, 0, 255).astype(np.uint8)


def font(path, px):
    return ImageFont.truetype(path, max(4, int(px)))


def render_document(rng, fmt, lines, ppm, with_mrz=True):
    """The document as an RGB image at ppm pixels per mm, plus the MRZ box
    (x0, y0, x1, y1) in its pixels."""
    wmm, hmm = SIZES[fmt]
    w, h = int(wmm * ppm), int(hmm * ppm)
    bg = guilloche(rng, w, h, ppm * 0.5)
    im = Image.fromarray(bg)
    dr = ImageDraw.Draw(im)
    # Photo box with a face-like shape on the left.
    px0, py0 = int(4 * ppm), int((12 if fmt != "TD1" else 8) * ppm)
    pw, ph = int(wmm * 0.28 * ppm), int(hmm * 0.45 * ppm)
    g = rng.randint(120, 220)
    dr.rectangle([px0, py0, px0 + pw, py0 + ph], fill=(g, g - 10, g - 20))
    fc = rng.randint(60, 200)
    dr.ellipse([px0 + pw * 0.25, py0 + ph * 0.15, px0 + pw * 0.75, py0 + ph * 0.65],
               fill=(fc, int(fc * 0.8), int(fc * 0.7)))
    # Shoulders, kept inside the photo box as on a real document.
    body = Image.new("RGB", (pw, ph), (g, g - 10, g - 20))
    ImageDraw.Draw(body).ellipse([pw * 0.1, ph * 0.6, pw * 0.9, ph * 1.3],
                                 fill=(rng.randint(20, 120),) * 3)
    face = im.crop((px0, py0, px0 + pw, py0 + ph))
    mask = Image.new("L", (pw, ph), 0)
    ImageDraw.Draw(mask).ellipse([pw * 0.1, ph * 0.6, pw * 0.9, ph * 1.3], fill=255)
    face.paste(body, (0, 0), mask)
    im.paste(face, (px0, py0))
    # Title and visual-zone text.
    dr.text((int(wmm * 0.3 * ppm), int(2 * ppm)), " ".join(rng.sample(WORDS, 3)),
            font=font(SANS_BOLD, 3.2 * ppm), fill=(30, 30, 90))
    tx = px0 + pw + int(3 * ppm)
    ty = py0
    small, big = font(SANS, 1.6 * ppm), font(SANS_BOLD, 2.4 * ppm)
    while ty < py0 + ph:
        dr.text((tx, ty), " / ".join(rng.sample(WORDS, 2)), font=small, fill=(60, 60, 80))
        ty += int(2.1 * ppm)
        val = name_part(rng) if rng.random() < 0.6 else random_date(rng, 1950, 2030)
        dr.text((tx, ty), val, font=big, fill=(10, 10, 10))
        ty += int(3.4 * ppm)
    box = None
    if with_mrz:
        n = len(lines)
        ocrb = font(OCRB, PITCH_MM / 0.723 * ppm)
        left = (wmm - len(lines[0]) * PITCH_MM) / 2 * ppm
        bottom = hmm * ppm - rng.uniform(2.5, 4.5) * ppm
        ink = rng.randint(0, 40)
        asc, desc = ocrb.getmetrics()
        cap = ocrb.getbbox("H")  # (x0, top, x1, bottom) relative to the origin
        tops = []
        for i, text in enumerate(lines):
            base_y = bottom - (n - 1 - i) * LINE_MM * ppm
            y = base_y - cap[3]
            x = left
            for c in text:
                # ICAO allows small per-character offsets; printers jitter.
                dr.text((x + rng.uniform(-0.03, 0.03) * ppm, y + rng.uniform(-0.03, 0.03) * ppm),
                        c, font=ocrb, fill=(ink, ink, ink + rng.randint(0, 20)))
                x += PITCH_MM * ppm
            tops.append(y + cap[1])
        box = (left, tops[0], left + len(lines[0]) * PITCH_MM * ppm, bottom)
    return np.array(im), box


def desk(rng, w, h):
    """Scene background: a tinted, textured desk with some clutter."""
    c = np.array([rng.randint(30, 220) for _ in range(3)], np.float32)
    img = np.ones((h, w, 3), np.float32) * c
    noise = cv2.GaussianBlur(np.random.default_rng(rng.randint(0, 1 << 30))
                             .normal(0, 25, (h, w)).astype(np.float32), (0, 0), rng.uniform(2, 15))
    img += noise[..., None]
    if rng.random() < 0.5:  # wood-like stripes
        yy = np.arange(h, dtype=np.float32)[:, None]
        xx = np.arange(w, dtype=np.float32)[None, :]
        img += (10 * np.sin(yy / rng.uniform(4, 20) + 3 * np.sin(xx / rng.uniform(50, 200))))[..., None]
    img = np.clip(img, 0, 255).astype(np.uint8)
    return img


def clutter(rng, img, n):
    """Other text near the document: receipts, labels, a sheet of print."""
    pil = Image.fromarray(img)
    dr = ImageDraw.Draw(pil)
    h, w = img.shape[:2]
    for _ in range(n):
        x, y = rng.randint(0, w), rng.randint(0, h)
        f = font(rng.choice([SANS, MONO, OCRB]), rng.uniform(10, 28))
        col = tuple(rng.randint(0, 80) for _ in range(3))
        if rng.random() < 0.5:
            bw, bh = rng.randint(80, 400), rng.randint(40, 200)
            dr.rectangle([x, y, x + bw, y + bh], fill=tuple(rng.randint(180, 255) for _ in range(3)))
        for k in range(rng.randint(1, 4)):
            txt = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))
            dr.text((x + 4, y + 4 + k * f.size * 1.3), txt, font=f, fill=col)
    return np.array(pil)


LEVELS = {
    # pitch (px per character in the final image), tilt, perspective, extra
    "easy": dict(pitch=(16, 24), tilt=3, persp=0.0, rot90=0.0, blur=0.6, noise=3,
                 glare=0.0, jpeg=(85, 95), clutter=(0, 2)),
    "medium": dict(pitch=(12, 18), tilt=15, persp=0.04, rot90=0.35, blur=1.0, noise=6,
                   glare=0.3, jpeg=(60, 90), clutter=(1, 4)),
    "hard": dict(pitch=(10, 15), tilt=30, persp=0.08, rot90=0.5, blur=1.5, noise=10,
                 glare=0.6, jpeg=(40, 80), clutter=(2, 6)),
}


def add_glare(rng, img):
    h, w = img.shape[:2]
    cx, cy = rng.uniform(0, w), rng.uniform(0, h)
    sx, sy = rng.uniform(0.05, 0.25) * w, rng.uniform(0.05, 0.25) * h
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    g = np.exp(-(((xx - cx) / sx) ** 2 + ((yy - cy) / sy) ** 2))
    strength = rng.uniform(0.3, 0.75)
    out = img.astype(np.float32) + (255 - img.astype(np.float32)) * (g * strength)[..., None]
    return np.clip(out, 0, 255).astype(np.uint8)


def make_scene(rng, level, fmt, max_width, negative=False):
    p = LEVELS[level]
    lines = make_mrz(rng, fmt)
    pitch = rng.uniform(*p["pitch"])
    ppm = 12.0  # render at about 300 dpi, then warp down
    docimg, box = render_document(rng, fmt, lines, ppm, with_mrz=not negative)
    dh, dw = docimg.shape[:2]
    scale = pitch / (PITCH_MM * ppm)
    # Scene size: the document covers 45-85% of the width.
    cover = rng.uniform(0.45, 0.85)
    W = int(min(max_width, dw * scale / cover))
    W = max(W, 320)
    H = int(W * rng.choice([0.5625, 0.75, 0.75, 1.33]))
    scene = desk(rng, W, H)
    scene = clutter(rng, scene, rng.randint(*p["clutter"]))
    # Document corners -> scene: scale, rotate, perspective, translate.
    ang = rng.uniform(-p["tilt"], p["tilt"])
    if rng.random() < p["rot90"]:
        ang += rng.choice([90, 180, 270])
    a = math.radians(ang)
    src = np.float32([[0, 0], [dw, 0], [dw, dh], [0, dh]])
    pts = (src - [dw / 2, dh / 2]) * scale
    rot = np.float32([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    pts = pts @ rot.T
    d = p["persp"] * max(dw, dh) * scale
    pts += np.float32([[rng.uniform(-d, d), rng.uniform(-d, d)] for _ in range(4)])
    # Fit inside the scene (shrink if the rotated document is too large).
    span = pts.max(0) - pts.min(0)
    fit = min(1.0, (W * 0.96) / span[0], (H * 0.96) / span[1])
    pts *= fit
    span = pts.max(0) - pts.min(0)
    lo = -pts.min(0)
    off = np.float32([rng.uniform(W * 0.02, W * 0.98 - span[0]) if W * 0.98 - span[0] > W * 0.02 else (W - span[0]) / 2,
                      rng.uniform(H * 0.02, H * 0.98 - span[1]) if H * 0.98 - span[1] > H * 0.02 else (H - span[1]) / 2])
    pts = pts + lo + off
    M = cv2.getPerspectiveTransform(src, pts.astype(np.float32))
    # Shadow, then the document.
    mask = cv2.warpPerspective(np.full((dh, dw), 255, np.uint8), M, (W, H), flags=cv2.INTER_AREA)
    sh = cv2.GaussianBlur(mask, (0, 0), 6)
    sh = np.roll(sh, (4, 4), (0, 1)).astype(np.float32) / 255 * 0.4
    scene = (scene.astype(np.float32) * (1 - sh[..., None])).astype(np.uint8)
    warped = cv2.warpPerspective(cv2.GaussianBlur(docimg, (0, 0), max(0.3, 0.4 / scale)),
                                 M, (W, H), flags=cv2.INTER_AREA)
    m = (mask.astype(np.float32) / 255)[..., None]
    scene = (warped * m + scene * (1 - m)).astype(np.uint8)
    quad = None
    if box is not None:
        x0, y0, x1, y1 = box
        q = np.float32([[[x0, y0], [x1, y0], [x1, y1], [x0, y1]]])
        quad = cv2.perspectiveTransform(q, M)[0].round(1).tolist()
    # Damage.
    if rng.random() < p["glare"]:
        scene = add_glare(rng, scene)
    if rng.random() < 0.8:
        scene = cv2.GaussianBlur(scene, (0, 0), rng.uniform(0.2, p["blur"]))
    light = rng.uniform(0.75, 1.15)
    scene = np.clip(scene.astype(np.float32) * light + np.random.default_rng(rng.randint(0, 1 << 30))
                    .normal(0, p["noise"], scene.shape), 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", cv2.cvtColor(scene, cv2.COLOR_RGB2BGR),
                           [cv2.IMWRITE_JPEG_QUALITY, rng.randint(*p["jpeg"])])
    return buf.tobytes(), lines, quad, ang


def cmd_docs(args):
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    np.random.seed(args.seed & 0xffffffff)
    levels = ["easy", "medium", "hard"] if args.level == "mix" else [args.level]
    truth = []
    for i in range(args.count):
        level = levels[i % len(levels)]
        fmt = ["TD3", "TD1", "TD2"][(i // len(levels)) % 3]
        data, lines, quad, ang = make_scene(rng, level, fmt, args.max_width)
        name = "%s-%s-%04d.jpg" % (args.prefix, level, i)
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
        truth.append(dict(file=name, level=level, format=fmt, found=True,
                          lines=lines, quad=quad, angle=round(ang, 1)))
    for i in range(args.negatives):
        name = "%s-negative-%04d.jpg" % (args.prefix, i)
        if i % 2 == 0:
            data, _, _, _ = make_scene(rng, "medium", rng.choice(["TD1", "TD3"]), args.max_width,
                                       negative=True)
        else:
            data = text_page(rng, args.max_width)
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
        truth.append(dict(file=name, level="negative", found=False))
    with open(os.path.join(args.out, "truth.jsonl"), "w") as f:
        for t in truth:
            f.write(json.dumps(t) + "\n")
    # The same as tab-separated text for the C tests: file, level, format,
    # lines joined by '|' ('-' for no MRZ).
    with open(os.path.join(args.out, "truth.tsv"), "w") as f:
        for t in truth:
            f.write("%s\t%s\t%s\t%s\n" % (t["file"], t["level"], t.get("format", "-"),
                                          "|".join(t["lines"]) if t["found"] else "-"))


def text_page(rng, max_width):
    """A printed page of other text, including monospace lines and digits."""
    W = min(max_width, 1200)
    H = int(W * 1.3)
    pil = Image.new("RGB", (W, H), tuple(rng.randint(225, 255) for _ in range(3)))
    dr = ImageDraw.Draw(pil)
    y = 40
    while y < H - 40:
        f = font(rng.choice([SANS, MONO, OCRB]), rng.uniform(14, 26))
        txt = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))
        dr.text((40, y), txt, font=f, fill=(20, 20, 20))
        y += int(f.size * 1.5)
    img = np.array(pil)
    M = cv2.getRotationMatrix2D((W / 2, H / 2), rng.uniform(-10, 10), 1.0)
    img = cv2.warpAffine(img, M, (W, H), borderValue=(90, 90, 90))
    ok, buf = cv2.imencode(".jpg", cv2.cvtColor(img, cv2.COLOR_RGB2BGR),
                           [cv2.IMWRITE_JPEG_QUALITY, 80])
    return buf.tobytes()


# ---------------------------------------------------------------- lines ---
def random_line(rng):
    r = rng.random()
    if r < 0.75:
        lines = make_mrz(rng, rng.choice(["TD1", "TD2", "TD3"]))
        return rng.choice(lines)
    n = rng.choice([30, 36, 44])
    # Random strings so the network learns glyphs, not MRZ grammar.
    s = "".join(rng.choice(ALPHABET) for _ in range(n))
    return s


def render_line(rng, text):
    """One MRZ line as the reader cuts it: rectified, a little margin, some
    damage, grey.  Returns a uint8 image."""
    ppm = 12.0
    size = PITCH_MM / 0.723 * ppm
    f = font(OCRB, size)
    pitch = PITCH_MM * ppm
    W = int(pitch * (len(text) + 2))
    H = int(LINE_MM * ppm * 3)
    bg = guilloche(rng, W, H, ppm * 0.5)
    pil = Image.fromarray(bg)
    dr = ImageDraw.Draw(pil)
    cap = f.getbbox("H")
    ink = rng.randint(0, 60)
    base = H / 2 + (cap[3] - cap[1]) / 2
    # Neighbouring lines above and below, cut off by the crop.
    other = lambda: "".join(rng.choice(ALPHABET) for _ in range(len(text)))
    for dy, t in ((-LINE_MM * ppm, other()), (0, text), (LINE_MM * ppm, other())):
        x = pitch
        for c in t:
            dr.text((x + rng.uniform(-0.04, 0.04) * ppm, base + dy - cap[3] + rng.uniform(-0.04, 0.04) * ppm),
                    c, font=f, fill=(ink,) * 3)
            x += pitch
    img = cv2.cvtColor(np.array(pil), cv2.COLOR_RGB2GRAY)
    if rng.random() < 0.3:
        img = add_glare(rng, img[..., None].repeat(3, 2))[..., 0]
    # Small residual rotation / shear left by rectification.
    a = rng.uniform(-1.2, 1.2)
    M = cv2.getRotationMatrix2D((W / 2, H / 2), a, 1.0)
    M[0, 1] += rng.uniform(-0.05, 0.05)
    img = cv2.warpAffine(img, M, (W, H), borderMode=cv2.BORDER_REPLICATE)
    # Crop around the line: height 1.3-2.0 line pitches, jittered.
    lp = LINE_MM * ppm
    ch = rng.uniform(0.95, 1.5) * lp
    cy = H / 2 + rng.uniform(-0.12, 0.12) * lp
    y0, y1 = int(max(0, cy - ch / 2)), int(min(H, cy + ch / 2))
    x0 = int(max(0, pitch * rng.uniform(0.2, 0.9)))
    x1 = int(min(W, W - pitch * rng.uniform(0.2, 0.9)))
    img = img[y0:y1, x0:x1]
    # Resolution loss: down to 7-24 px per character, then to the reader's
    # working size (about 20 px per character).
    src_pitch = rng.uniform(7, 24)
    s = src_pitch / pitch
    small = cv2.resize(img, (max(8, int(img.shape[1] * s)), max(6, int(img.shape[0] * s))),
                       interpolation=cv2.INTER_AREA)
    if rng.random() < 0.7:
        small = cv2.GaussianBlur(small, (0, 0), rng.uniform(0.2, 0.9))
    small = np.clip(small.astype(np.float32) * rng.uniform(0.6, 1.1) + rng.uniform(-20, 30) +
                    np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, rng.uniform(0, 10), small.shape),
                    0, 255).astype(np.uint8)
    if rng.random() < 0.7:
        ok, buf = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(35, 95)])
        small = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
    t = 20.0 / src_pitch
    out = cv2.resize(small, (int(small.shape[1] * t), int(small.shape[0] * t)),
                     interpolation=cv2.INTER_CUBIC)
    return out


def cmd_lines(args):
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    for i in range(args.count):
        text = random_line(rng)
        img = render_line(rng, text)
        base = os.path.join(args.out, "%s_%06d" % (args.prefix, i))
        cv2.imwrite(base + ".png", img)
        with open(base + ".gt.txt", "w") as f:
            f.write(text + "\n")


def cmd_video(args):
    """A short MJPEG AVI of one easy document held in front of a camera:
    each frame moved, turned and noised a little.  Writes FILE and
    FILE.truth (the MRZ lines)."""
    rng = random.Random(args.seed)
    np.random.seed(args.seed & 0xffffffff)
    data, lines, quad, ang = make_scene(rng, "easy", "TD3", 1280)
    base = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    h, w = base.shape[:2]
    s = 800.0 / w
    base = cv2.resize(base, (800, int(h * s)), interpolation=cv2.INTER_AREA)
    h, w = base.shape[:2]
    vw = cv2.VideoWriter(args.out, cv2.VideoWriter_fourcc(*"MJPG"), 10, (w, h))
    for i in range(args.frames):
        M = cv2.getRotationMatrix2D((w / 2, h / 2), rng.uniform(-3, 3), rng.uniform(0.97, 1.03))
        M[:, 2] += (rng.uniform(-15, 15), rng.uniform(-15, 15))
        f = cv2.warpAffine(base, M, (w, h), borderMode=cv2.BORDER_REPLICATE)
        f = np.clip(f.astype(np.float32) + np.random.normal(0, 4, f.shape), 0, 255).astype(np.uint8)
        vw.write(f)
    vw.release()
    with open(args.out + ".truth", "w") as fh:
        fh.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------- cells ---
CELL_W, CELL_H, CELL_TOP = 20, 26, 3   # the reader's pitch; cap top row


def cmd_cells(args):
    """Each MRZ character as the reader's cut lines show it: a 20 px wide
    cell (the pitch), the cap height from row CELL_TOP, rendered large and
    reduced so the strokes are grey-levelled the way a camera sees them."""
    k = 10
    P = CELL_W * k
    f = font(OCRB, P / 0.723)
    cap = f.getbbox("H")
    out = ["/* ocrb_cells.h - generated by `mrz/gen/mrzgen.py cells`: OCR-B (Debian",
           " * fonts-ocr-b) glyphs of the 37 MRZ characters, each a %dx%d cell at the" % (CELL_W, CELL_H),
           " * reader's pitch with the cap height starting at row %d; 0 = paper, 255 = ink. */" % CELL_TOP,
           "#define MR_CELL_W %d" % CELL_W, "#define MR_CELL_H %d" % CELL_H,
           "#define MR_CELL_TOP %d" % CELL_TOP,
           'static const char mr_cell_chars[] = "%s";' % ALPHABET,
           "static const unsigned char mr_cell_glyphs[%d][%d] = {" % (len(ALPHABET), CELL_W * CELL_H)]
    for c in ALPHABET:
        im = Image.new("L", (P, CELL_H * k), 0)
        ImageDraw.Draw(im).text((0, CELL_TOP * k - cap[1]), c, font=f, fill=255)
        a = cv2.resize(np.array(im), (CELL_W, CELL_H), interpolation=cv2.INTER_AREA)
        a = cv2.GaussianBlur(a, (0, 0), 0.6)
        vals = ",".join(str(int(v)) for v in a.flatten())
        out.append("\t/* %s */ {%s}," % (c, vals))
    out.append("};")
    with open(args.out, "w") as fh:
        fh.write("\n".join(out) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("docs")
    d.add_argument("--out", required=True)
    d.add_argument("--count", type=int, default=30)
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("--level", default="mix", choices=["easy", "medium", "hard", "mix"])
    d.add_argument("--prefix", default="doc")
    d.add_argument("--negatives", type=int, default=0)
    d.add_argument("--max-width", type=int, default=1600)
    l = sub.add_parser("lines")
    l.add_argument("--out", required=True)
    l.add_argument("--count", type=int, default=100)
    l.add_argument("--seed", type=int, default=1)
    l.add_argument("--prefix", default="line")
    v = sub.add_parser("video")
    v.add_argument("--out", required=True)
    v.add_argument("--frames", type=int, default=8)
    v.add_argument("--seed", type=int, default=1)
    c = sub.add_parser("cells")
    c.add_argument("--out", required=True)
    args = ap.parse_args()
    {"docs": cmd_docs, "lines": cmd_lines, "video": cmd_video, "cells": cmd_cells}[args.cmd](args)


if __name__ == "__main__":
    main()
