"""The multi-GPU code path, exercised on the CPU: two processes (gloo) train through fastai's `distrib_ctx`, which hands
the model and data loaders to Hugging Face accelerate; one process writes the run folder.

On GPUs `accelerate launch --multi_gpu` starts the processes with torch's elastic launcher (torchrun); on the CPU,
`accelerate launch` only runs several processes through MPI, so the test starts them with torchrun directly: the same
environment (RANK, WORLD_SIZE, MASTER_ADDR) reaches the same code."""
import json, os, shutil, subprocess, sys
from pathlib import Path
import pytest

BIN = Path(sys.executable).parent

@pytest.mark.skipif(shutil.which('torchrun', path=str(BIN)) is None, reason='torchrun is not installed')
def test_two_process_training_on_cpu(tmp_path):
    from defect_detection.test_utils import tiny_manifest
    man = tiny_manifest(tmp_path/'data', n=12, size=48)
    cmd = [str(BIN/'torchrun'), '--standalone', '--nproc_per_node', '2', str(BIN/'dd_train'), '--manifest', str(man), '--out', str(tmp_path/'run'), '--arch', 'test_efficientnet',
           '--weights', 'none', '--epochs', '2', '--size', '32', '--bs', '4', '--device', 'cpu']
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env={**os.environ, 'OMP_NUM_THREADS': '1'})
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    res = json.loads((tmp_path/'run'/'results_unified.json').read_text())
    assert res['epochs_run'] == 2 and res['world_size'] == 2
    assert (tmp_path/'run'/'model.safetensors').exists()
