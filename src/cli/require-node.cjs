// Runs before `npm start` on whatever Node the machine has: plain CommonJS, so that an old Node
// can run it and say in one line what to install, instead of failing on a `.ts` file.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 17)) {
  console.error(
    `This service needs Node.js 22.17 or newer (24 LTS recommended, see .nvmrc), not ${process.version}: install it (for example \`nvm install\`) and run this again.`,
  );
  process.exit(1);
}
