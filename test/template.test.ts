import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_FILE, fixture, readRepoText, runCli, withTempDir } from './helpers.ts';
import { readPdf } from './support/pdf.ts';

// The card of test/fixtures/templates/numbered.tsx, written three ways a user might, each in a
// folder of its own outside the checkout, where neither satori nor timeline-render resolves.
// `words` is the source of the expression the card starts with.
const card = (words = "'Own card'") => `function Card({ event, actor, width, theme }: CardProps) {
  return (
    <div style={{ display: 'flex', width, padding: 20, backgroundColor: theme.colors.card }}>
      <div style={{ display: 'flex', fontFamily: theme.fonts.text, fontSize: theme.sizes.body, color: actor.color }}>{${words} + ' · ' + event.date + ' · ' + actor.label}</div>
    </div>
  );
}
`;

const WAYS: Record<string, { files: Record<string, string> }> = {
  "README's pragma, no package.json": {
    files: {
      'own.tsx': `/** @jsxImportSource satori/jsx */\nimport type { CardProps } from 'timeline-render/template';\n${card()}export default { Card };\n`,
    },
  },
  'a "type": "module" folder, no pragma, the card\'s words read from a file beside it through import.meta.url': {
    files: {
      'package.json': '{ "type": "module" }\n',
      'words.txt': 'Own card',
      'own.tsx': `import { readFileSync } from 'node:fs';\nimport type { CardProps } from 'timeline-render/template';\nconst WORDS = readFileSync(new URL('./words.txt', import.meta.url), 'utf8');\n${card('WORDS')}export default { Card };\n`,
    },
  },
  'a CommonJS folder, a part in a file of its own, defineTemplate from timeline-render/template': {
    files: {
      'package.json': '{ "type": "commonjs" }\n',
      'card.tsx': `import type { CardProps } from 'timeline-render/template';\nexport ${card()}`,
      'own.tsx': `import { defineTemplate } from 'timeline-render/template';\nimport { Card } from './card';\nexport default defineTemplate({ Card });\n`,
    },
  },
};

for (const [way, { files }] of Object.entries(WAYS)) {
  test(`--template in any folder compiles against the package's own JSX runtime: ${way}`, () =>
    withTempDir(async (dir) => {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      const result = runCli([DATA_FILE, '--out', join(dir, 'out'), '--format', 'pdf', '--template', join(dir, 'own.tsx'), '--quiet']);
      assert.is(result.status, 0, result.stderr);
      const text = (await readPdf(readFileSync(join(dir, 'out/syria-timeline.pdf')))).pageTexts.join(' ');
      assert.match(text, 'Own card · September 2015 · Russia');
    }));
}

test("a template style the PDF writer cannot draw is the template's fault: exit 1 naming the file, the part and the style, nothing written", () =>
  withTempDir((dir) => {
    const template = fixture('templates/shadow.tsx');
    const result = runCli([DATA_FILE, '--out', dir, '--format', 'png,pdf', '--template', template]);
    assert.is(result.status, 1, result.stderr);
    assert.match(result.stderr, `${template}: Card (events[0]): `);
    assert.match(result.stderr, 'cannot draw boxShadow');
    assert.not.match(result.stderr, 'internal error');
    assert.equal(readdirSync(dir), []);
    // The PNG draws the shadow: without the PDF the same template renders.
    const png = runCli([DATA_FILE, '--out', dir, '--format', 'png', '--template', template, '--quiet']);
    assert.is(png.status, 0, png.stderr);
    assert.ok(existsSync(join(dir, 'syria-timeline.png')));
  }));

test("a part that throws is the template's fault: exit 1 naming the file and the part once, and no file written", () =>
  withTempDir((dir) => {
    const file = join(dir, 'throws.tsx');
    writeFileSync(
      file,
      `export default { Card: ({ event }: { event: { text: string } }) => { throw new Error('no card for ' + event.text.slice(0, 5)); } };\n`,
    );
    const result = runCli([DATA_FILE, '--out', dir, '--format', 'png,pdf', '--preset', 'all', '--template', file]);
    assert.is(result.status, 1, result.stderr);
    assert.is(result.stderr, `${file}: Card: The template's Card failed: no card for After\n`);
    assert.equal(readdirSync(dir), ['throws.tsx']);
  }));

test('a template that does not compile: exit 1 with its line and column', () =>
  withTempDir((dir) => {
    const file = join(dir, 'broken.tsx');
    writeFileSync(file, readRepoText(fixture('templates/numbered.tsx')).replace('export default { Card };', 'export default { Card ;'));
    const result = runCli([DATA_FILE, '--out', dir, '--template', file]);
    assert.is(result.status, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`^${file}:\\d+:\\d+: The template does not compile: Expected "}" but found ";"`, 'm'));
    assert.equal(readdirSync(dir), ['broken.tsx']);
  }));

test.run();
