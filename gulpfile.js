const path = require('path');
const { task, src, dest } = require('gulp');

// tsc does not copy assets: the one icons folder (used by the credential and all three nodes) goes to dist/icons.
task('build:icons', copyIcons);

function copyIcons() {
	return src('icons/**/*.{png,svg}', { encoding: false }).pipe(dest(path.resolve('dist', 'icons')));
}
