// The contributors' edit-and-run loop, for a checkout only (scripts/ is not in the package):
// compiles src/ and templates/ into dist/ again when a file there is newer than dist/ (about
// half a second, most of it the minified render bundle), so `npm start`, the tests and
// `node bin/timeline-render.js` never run stale code.
import { build, isStale } from './build.mjs';

if (isStale()) {
  await build().catch(() => {
    // esbuild has printed where the sources fail to compile.
    console.error('timeline-render: src/ has changed and does not compile; see above.');
    process.exit(70);
  });
}
