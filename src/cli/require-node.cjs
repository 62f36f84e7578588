// Runs first in every npm script a user runs, on whatever Node the machine has: plain CommonJS,
// so that an old Node can run it and say in one line what to install, instead of failing on a
// `.ts` file or a tool that `npm install` refused to install. The versions are package.json's
// `engines.node`, the one place they are written.
const { engines } = require('../../package.json');

const ranges = engines.node.split('||').map((range) => {
  const match = /^(\^|>=)(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  if (!match) throw new Error(`package.json engines.node: only "^x.y.z" and ">=x.y.z" ranges are checked, not "${range.trim()}"`);
  return { sameMajor: match[1] === '^', version: match.slice(2).map(Number) };
});
const running = process.versions.node.split('.').map(Number);
const atLeast = (version) => {
  const differing = version.findIndex((part, i) => part !== running[i]);
  return differing === -1 || running[differing] > version[differing];
};
const supported = ranges.some(({ sameMajor, version }) => atLeast(version) && (!sameMajor || running[0] === version[0]));

if (!supported) {
  const named = ranges.map(({ sameMajor, version }) =>
    sameMajor ? `${version[0]} (${version.join('.')} or later)` : `${version.join('.')} and newer`,
  );
  const last = named.pop();
  console.error(
    `This service needs Node.js ${named.length ? `${named.join(', ')} or ${last}` : last} (24 LTS recommended, see .nvmrc), not ${process.version}: install it (for example \`nvm install\`) and run this again.`,
  );
  process.exit(1);
}
