// bench-npm-mrz.mjs - the peer figure for scripts/bench-mrz-parse: parse()
// of the npm package "mrz" (cheminfo) on the same valid samples as
// mrz-bench (the valid set), for about SECONDS.  Usage: node bench-npm-mrz.mjs CACHE SECONDS
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [cache, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? '1');
const { parse } = await import(
  pathToFileURL(join(cache, 'node_modules', 'mrz', 'lib', 'index.js')).href);

const samples = [
  ['P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<',
   'C01X00T478D<<6408125F3101012<<<<<<<<<<<<<<06'],
  ['I<SWE59000002<8198703142391<<<',
   '8703145M3001019SWE<<<<<<<<<<<0',
   'SPECIMEN<<SVEN<ERIK<<<<<<<<<<<'],
  ['IDBEL615057409<9390<<<<<<<<<<<',
   '8501019F3101012BEL850101001240',
   'SPECIMEN<<MARIE<ELISE<<<<<<<<<'],
  ['IDROUPOPESCU<<ION<<<<<<<<<<<<<<<<<<<',
   'TZ046157<1ROU9210022M301002471350048'],
  ['P<UKRSHEVCHENKO<<TARAS<<<<<<<<<<<<<<<<<<<<<<',
   'FF123456<1UKR9001011M30010191234567890<<<<78'],
  ['IDPOLABA3000004<<<<<<<<<<<<<<<',
   '6809250M2709204POL680925156736',
   'KOWALSKI<<ZDZISLAW<<<<<<<<<<<<'],
];

// The same samples must parse as valid before they are timed.
for (const s of samples) {
  if (!parse(s).valid) {
    console.error(`bench-npm-mrz: sample ${s[0]} is not valid for npm mrz`);
    process.exit(1);
  }
}
// CPU time of the process, as mrz-bench measures (the machine is shared).
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
let done = 0;
let acc = 0;
const t0 = cpu();
let t = t0;
do {
  for (let k = 0; k < 256; k++) {
    acc += parse(samples[(done + k) % samples.length]).valid ? 1 : 0;
  }
  done += 256;
  t = cpu();
} while (t - t0 < seconds);
const rate = done / (t - t0);
console.log(`${rate.toFixed(0)} ${acc}`);
