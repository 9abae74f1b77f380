import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, cpSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mediaStamps } from '../src/serve/images.ts';
import { fixture, REPO, withTempDir } from './helpers.ts';

test("a served timeline's tag changes when an image it names is replaced, and not for addresses or other files", () =>
  withTempDir(async (dir) => {
    const file = join(dir, 'media.json');
    copyFileSync(join(REPO, fixture('media.json')), file);
    cpSync(join(REPO, fixture('media')), join(dir, 'media'), { recursive: true });
    const data = readFileSync(file);
    const before = await mediaStamps(file, data);
    assert.match(before, /^media\/desk\.jpg \d+ [\d.]+\nmedia\/map\.png \d+ [\d.]+$/, 'both local images, in order');
    assert.is(await mediaStamps(file, data), before, 'the same files, the same stamp');
    writeFileSync(join(dir, 'media', 'unrelated.png'), 'not named by the timeline');
    assert.is(await mediaStamps(file, data), before, 'an image the timeline does not name changes nothing');
    // A photo replaced under the same name: other bytes, a later time.
    writeFileSync(join(dir, 'media', 'map.png'), Buffer.concat([readFileSync(join(dir, 'media', 'map.png')), Buffer.from([0])]));
    utimesSync(join(dir, 'media', 'map.png'), new Date(), new Date(Date.now() + 5000));
    assert.is.not(await mediaStamps(file, data), before, 'a replaced image changes the stamp');
    const addresses = Buffer.from('{"a": "https://example.org/photo.jpg", "b": "//cdn.example/x.png", "c": "data:image/png;base64,AAAA"}');
    assert.is(await mediaStamps(file, addresses), '', 'addresses are not files here');
    assert.is(await mediaStamps(file, Buffer.from('{"src": "gone.png"}')), 'gone.png missing');
  }));

test.run();
