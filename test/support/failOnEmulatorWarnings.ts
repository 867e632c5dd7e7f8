/**
 * Jest setup (setupFilesAfterEnv): every emulator a test file starts is watched, and a test fails when the
 * emulator recorded a contract warning during it (a request field TikTok's reference does not list, or a value
 * outside a limit the reference states). Tests that send such a field on purpose assert the warning and then call
 * `emu.control.clearWarnings()`.
 */
interface WatchedEmulator {
	baseUrl: string;
	warnings(): Array<{ seq: number; method: string; path: string; host: string; message: string }>;
}

const registry = new Set<WatchedEmulator>();
(globalThis as { __ttsEmulatorRegistry?: Set<WatchedEmulator> }).__ttsEmulatorRegistry = registry;
const reported = new Map<WatchedEmulator, number>();

function newWarnings(): string[] {
	const out: string[] = [];
	for (const emu of registry) {
		const last = reported.get(emu) ?? 0;
		const list = emu.warnings().filter((w) => w.seq > last);
		if (!list.length) continue;
		reported.set(emu, Math.max(...list.map((w) => w.seq)));
		for (const w of list) out.push(`${w.method} ${w.path} (${w.host}): ${w.message}`);
	}
	return out;
}

function check(when: string): void {
	const w = newWarnings();
	if (!w.length) return;
	const shown = w.slice(0, 15).map((x) => `  - ${x}`);
	if (w.length > 15) shown.push(`  … and ${w.length - 15} more`);
	throw new Error(
		`The emulator recorded ${w.length} contract warning(s) ${when} (request fields TikTok's reference does not list, or values outside its stated limits):\n${shown.join('\n')}`,
	);
}

afterEach(() => check('during this test'));
afterAll(() => check('outside the tests of this file (beforeAll/afterAll)'));
