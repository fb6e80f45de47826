// Writes build-time resources into target/generated-resources, from packages pinned in
// package-lock.json. Run by Maven in the generate-resources phase.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', '..', 'target', 'generated-resources', 'friendchat');
mkdirSync(out, { recursive: true });

// The 10,000 most common passwords: the head of the frequency-ranked list that zxcvbn 4.4.2
// (MIT, Dropbox) ships, which it drew from Mark Burnett's 10-million-password corpus (Xato).
const { passwords } = require('zxcvbn/lib/frequency_lists.js');
if (!Array.isArray(passwords) || passwords.length < 10000) {
  throw new Error('zxcvbn did not provide its password list');
}
const header = '# The 10,000 most common passwords, most common first. Generated at build time from\n'
  + '# zxcvbn 4.4.2 (MIT licence, Dropbox), lib/frequency_lists.js, which ranks them from\n'
  + "# Mark Burnett's 10-million-password corpus (Xato). One per line, lowercase.\n";
writeFileSync(join(out, 'common-passwords.txt'), header + passwords.slice(0, 10000).join('\n') + '\n');
console.log('friendchat: wrote common-passwords.txt (10000 entries)');

// The official Socket.IO browser client, as an ES module the web app imports from
// /vendor/socket.io.esm.min.js (same origin, so the CSP's script-src 'self' allows it).
const vendor = join(here, '..', '..', '..', 'target', 'generated-resources', 'web', 'vendor');
mkdirSync(vendor, { recursive: true });
const clientDir = dirname(require.resolve('socket.io-client/package.json'));
copyFileSync(join(clientDir, 'dist', 'socket.io.esm.min.js'), join(vendor, 'socket.io.esm.min.js'));
console.log('friendchat: copied socket.io-client ' + require('socket.io-client/package.json').version
  + ' to web/vendor/socket.io.esm.min.js');

// marked (MIT), for its lexer only: web/js/markdown.js builds DOM nodes from its tokens. Its ES
// module build has no imports, so it loads as is from /vendor/marked.esm.js.
const markedDir = dirname(require.resolve('marked/package.json'));
copyFileSync(join(markedDir, 'lib', 'marked.esm.js'), join(vendor, 'marked.esm.js'));
console.log('friendchat: copied marked ' + require('marked/package.json').version + ' to web/vendor/marked.esm.js');
