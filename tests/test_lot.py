"""`dd_predict --engine ray` against the local engine: on a Ray instance started by the command, and on a simulated
two-node cluster (`ray.cluster_utils.Cluster`, two raylets on this machine) that the command joins by its address. Both
write the rows the local engine writes; a lot begun on one machine is finished on the cluster, the rows already written kept."""
import shutil, subprocess, sys
from pathlib import Path
import pandas as pd
import pytest

ray = pytest.importorskip('ray', reason='Ray is not installed (pip install "defect_detection[scale]")')
BIN = Path(sys.executable).parent

@pytest.fixture(scope='module')
def lot(tmp_path_factory):
    "A tiny run, and a lot of 40 generated tiles with a file to refuse."
    from defect_detection.test_utils import tiny_run
    tmp = tmp_path_factory.mktemp('lot')
    run, man = tiny_run(tmp)
    lot = tmp/'lot'; (lot/'sub').mkdir(parents=True)
    for i, p in enumerate(man.path.tolist()*2):
        if i < 40: shutil.copy(p, lot/('sub' if i % 3 == 0 else '.')/f'{i:02d}{Path(p).suffix}')
    (lot/'broken.jpg').write_bytes(b'\xff\xd8\xff\xe0 not really')
    return run, lot, tmp

def predict(lot, run, out, *args):
    r = subprocess.run([str(BIN/'dd_predict'), str(lot), '--run', str(run), '--out', str(out), '--bs', '4', *map(str, args)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    return r

def rows(out):
    res = pd.read_csv(out/'results.csv', keep_default_na=False).sort_values('path').reset_index(drop=True)
    dfs = pd.read_csv(out/'defects.csv', keep_default_na=False).sort_values(['path', 'x1', 'y1', 'class']).reset_index(drop=True)
    return res, dfs

def same(a, b):
    pd.testing.assert_frame_equal(a[0].drop(columns=['p', 'p_defect']), b[0].drop(columns=['p', 'p_defect']))
    assert (a[0].p.replace('', float('nan')).astype(float) - b[0].p.replace('', float('nan')).astype(float)).abs().max() < 1e-4
    pd.testing.assert_frame_equal(a[1].drop(columns='score'), b[1].drop(columns='score'))

def test_ray_writes_what_the_local_engine_writes(lot):
    run, folder, tmp = lot
    local = rows((predict(folder, run, tmp/'local'), tmp/'local')[1])
    r = predict(folder, run, tmp/'ray', '--engine', 'ray', '--workers', '2')
    on_ray = rows(tmp/'ray')
    same(local, on_ray)
    assert len(local[0]) == 41 and (local[0].decision == 'refused').sum() == 1
    assert on_ray[0].set_index('path').problem[str(folder/'broken.jpg')] == local[0].set_index('path').problem[str(folder/'broken.jpg')] != ''
    assert sorted(p.relative_to(tmp/'ray') for p in (tmp/'ray/overlays').rglob('*.png')) == sorted(p.relative_to(tmp/'local') for p in (tmp/'local/overlays').rglob('*.png'))
    assert '41 entries: 40 inspected' in r.stdout, r.stdout

def test_two_node_cluster_and_resume(lot):
    from ray.cluster_utils import Cluster
    run, folder, tmp = lot
    cluster = Cluster(initialize_head=True, head_node_args=dict(num_cpus=1))
    try:
        cluster.add_node(num_cpus=1); cluster.wait_for_nodes()
        predict(folder/'sub', run, tmp/'cluster')                                                      # a part of the lot first, on one machine
        r = predict(folder, run, tmp/'cluster', '--engine', 'ray', '--address', cluster.address)        # then all of it on the cluster: the part is kept
    finally: cluster.shutdown()
    n_sub = len(list((folder/'sub').iterdir()))
    assert f'({n_sub} kept from an earlier run)' in r.stdout, r.stdout
    same(rows(tmp/'local') if (tmp/'local/results.csv').exists() else rows((predict(folder, run, tmp/'local'), tmp/'local')[1]), rows(tmp/'cluster'))
