"""Every script in bench/ still imports what it uses from the package and parses its options (`--help`), so a rename in the
package cannot leave a benchmark broken unseen. Running them on real data is the benchmarks' own job (bench/README.md)."""
import subprocess, sys
from pathlib import Path
import pytest

BENCH = Path(__file__).resolve().parent.parent/'bench'

@pytest.mark.parametrize('script', sorted(p.name for p in BENCH.glob('*.py')))
def test_bench_script_starts(script):
    r = subprocess.run([sys.executable, str(BENCH/script), '--help'], capture_output=True, text=True, cwd=BENCH.parent, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert len(r.stdout) > 100, r.stdout
