/**
 * Benchmarks fail on emulator contract warnings (request fields or values TikTok's reference does not allow), like
 * every test suite: print them and throw, so the benchmark exits non-zero.
 */
interface Warning {
	method: string;
	path: string;
	message: string;
}

function report(label: string, warnings: Warning[]): void {
	if (!warnings.length) return;
	const lines = warnings.slice(0, 20).map((w) => `  - ${w.method} ${w.path}: ${w.message}`);
	if (warnings.length > 20) lines.push(`  … and ${warnings.length - 20} more`);
	console.error(`${label}: the emulator recorded ${warnings.length} contract warning(s):\n${lines.join('\n')}`);
	throw new Error(`${label}: ${warnings.length} emulator contract warning(s)`);
}

/** In-process emulator (startEmulator). */
export function assertNoEmulatorWarnings(emu: { warnings(): Warning[] }, label: string): void {
	report(label, emu.warnings());
}

/** Emulator in another process (scripts/lib/stack.js): read its admin API. */
export async function assertNoEmulatorWarningsAt(adminUrl: string, label: string): Promise<void> {
	const res = await fetch(`${adminUrl}/warnings`);
	if (!res.ok) throw new Error(`GET ${adminUrl}/warnings answered HTTP ${res.status}`);
	report(label, ((await res.json()) as { warnings: Warning[] }).warnings);
}
