'use strict';
// Prints a folder of the cppjieba sources that nodejieba ships, for binding.gyp: `node cppjieba-dir.js include`
// or `node cppjieba-dir.js limonp`. Fails loudly when nodejieba is not installed next to this package.
const path = require('node:path');

let root;
try {
  root = path.join(path.dirname(require.resolve('nodejieba/package.json')), 'submodules', 'cppjieba');
} catch (err) {
  process.stderr.write(`zongjie-jieba: cannot find nodejieba, whose cppjieba headers this addon compiles against: ${err.message}\n`);
  process.exit(1);
}
const folders = { include: path.join(root, 'include'), limonp: path.join(root, 'deps', 'limonp', 'include') };
const which = process.argv[2];
if (!(which in folders)) {
  process.stderr.write(`usage: node cppjieba-dir.js include|limonp\n`);
  process.exit(2);
}
process.stdout.write(folders[which]);
