const path = require('path');
const { task, src, dest } = require('gulp');

// tsc does not copy assets: icons and any __schema__ JSON next to the nodes go to dist/ as well.
task('build:icons', copyAssets);

function copyAssets() {
	const nodeAssets = src(['nodes/**/*.{png,svg}', 'nodes/**/__schema__/**/*.json'], { encoding: false });
	const nodeDestination = path.resolve('dist', 'nodes');
	nodeAssets.pipe(dest(nodeDestination));

	const credAssets = src('credentials/**/*.{png,svg}', { encoding: false });
	const credDestination = path.resolve('dist', 'credentials');
	return credAssets.pipe(dest(credDestination));
}
