import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PNG } from 'pngjs';
import { encodePng, encodePngBands } from '../src/render/png-encode.ts';

function image(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rgba.set([...colour(x, y), 255], (y * width + x) * 4);
  }
  return rgba;
}

function decodesTo(png: Buffer, rgba: Uint8Array): void {
  const back = PNG.sync.read(png);
  assert.ok(Buffer.from(back.data).equals(Buffer.from(rgba)), 'decoded pixels equal the input');
}

test('an image of few colours becomes an indexed PNG with the exact colours', async () => {
  const rgba = image(64, 48, (x, y) => [(x % 8) * 30, (y % 4) * 60, (x + y) % 3 === 0 ? 255 : 0]);
  const png = await encodePng(rgba, 64, 48);
  assert.is(png[25], 3, 'colour type 3: indexed');
  decodesTo(png, rgba);
});

test('an image of more than 256 colours stays RGB, losslessly', async () => {
  const rgba = image(300, 20, (x, y) => [x % 256, Math.floor(x / 256) * 40 + y, 7]);
  const png = await encodePng(rgba, 300, 20);
  assert.is(png[25], 2, 'colour type 2: RGB');
  decodesTo(png, rgba);
});

test('bands encode to the same pixels as the whole image, in both colour modes', async () => {
  for (const [width, colours] of [
    [40, 8],
    [300, 300],
  ] as const) {
    const height = 37;
    const rgba = image(width, height, (x, y) => [(x % colours) % 256, Math.floor(x / 256) + y, 3]);
    const bands = async function* () {
      for (let top = 0; top < height; top += 10) {
        const rows = Math.min(10, height - top);
        yield { rgba: rgba.subarray(top * width * 4, (top + rows) * width * 4), rows };
      }
    };
    decodesTo(await encodePngBands(width, height, bands), rgba);
  }
});

test('colours that pass 256 in a later band: every band is drawn once, the earlier rows come back from the indexed data', async () => {
  const [width, height, bandRows] = [40, 50, 10];
  // Bands 0-2 use 8 colours; band 3 brings hundreds more.
  const rgba = image(width, height, (x, y) => (y < 30 ? [x % 8, 0, 0] : [x, y, (x * y) % 256]));
  const drawn: number[] = [];
  const bands = async function* () {
    for (let top = 0; top < height; top += bandRows) {
      drawn.push(top / bandRows);
      yield { rgba: rgba.subarray(top * width * 4, (top + bandRows) * width * 4), rows: bandRows };
    }
  };
  const png = await encodePngBands(width, height, bands);
  assert.is(png[25], 2, 'colour type 2: RGB');
  decodesTo(png, rgba);
  assert.equal(drawn, [0, 1, 2, 3, 4]);
});

test('rows indexed before the 257th colour come back whole when they span several inflated chunks', async () => {
  // 1,100 rows of 1,001 bytes indexed before the overflow: more than one 1 MB chunk, with a row split between two.
  const [width, height, bandRows] = [1000, 1300, 1100];
  const rgba = image(width, height, (x, y) =>
    y < bandRows ? [((x + y) % 7) * 30, (y % 5) * 40, (x % 3) * 100] : [x % 256, y % 256, (x * y) % 256],
  );
  const bands = async function* () {
    for (let top = 0; top < height; top += bandRows) {
      const rows = Math.min(bandRows, height - top);
      yield { rgba: rgba.subarray(top * width * 4, (top + rows) * width * 4), rows };
    }
  };
  const png = await encodePngBands(width, height, bands);
  assert.is(png[25], 2, 'colour type 2: RGB');
  decodesTo(png, rgba);
});

test('the RGB filter subtracts each channel modulo 256, against the row above across bands', async () => {
  const [width, height] = [33, 24];
  // Neighbouring rows that differ in one channel only, by more than half the range either way, and rows repeated.
  const rgba = image(width, height, (x, y) => [(y % 3 === 0 ? 250 : 3) + x, y % 5 < 2 ? 0 : 255, Math.floor(y / 4) * 60 + x * 7]);
  const bands = async function* () {
    for (let top = 0; top < height; top += 7) {
      const rows = Math.min(7, height - top);
      yield { rgba: rgba.subarray(top * width * 4, (top + rows) * width * 4), rows };
    }
  };
  for (const mayBeIndexed of [true, false]) {
    const png = await encodePngBands(width, height, bands, mayBeIndexed);
    assert.is(png[25], 2, 'colour type 2: RGB');
    decodesTo(png, rgba);
  }
});

test.run();
