"""Checks on the project itself: its layout, its configuration and its command lines."""
import configparser, os, subprocess, sys, shutil
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

def cfg():
    c = configparser.ConfigParser(delimiters=['=']); c.read(ROOT/'settings.ini')
    return c['DEFAULT']

def test_layout():
    for p in ('nbs', 'defect_detection', 'settings.ini', 'setup.py', '_quarto.yml', 'data', 'README.md'):
        assert (ROOT/p).exists(), p
    assert (ROOT/'data'/'taxonomy.csv').exists() and (ROOT/'data'/'sample'/'GENERATED.md').exists()

def test_one_quarto_config_seen_by_nbdev(tmp_path):
    "nbs/_quarto.yml is the top-level file (a link), and nbdev's docs processing picks it up."
    link = ROOT/'nbs'/'_quarto.yml'
    assert link.is_symlink() and link.resolve() == (ROOT/'_quarto.yml').resolve()
    # nbdev.serve.proc_nbs copies the notebooks' folder for rendering: the config it copies is the top-level one
    proj = tmp_path/'proj'; shutil.copytree(ROOT/'nbs', proj/'nbs', symlinks=True, ignore=shutil.ignore_patterns('*.ipynb'))
    shutil.copy(ROOT/'_quarto.yml', proj/'_quarto.yml'); shutil.copy(ROOT/'settings.ini', proj/'settings.ini')
    (proj/'nbs'/'index.ipynb').write_text((ROOT/'nbs'/'index.ipynb').read_text())
    code = 'from nbdev.serve import proc_nbs; print(proc_nbs(n_workers=0))'
    r = subprocess.run([sys.executable, '-c', code], cwd=proj, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (proj/'_proc'/'_quarto.yml').read_text() == (ROOT/'_quarto.yml').read_text()

def test_settings():
    c = cfg()
    assert set(c['tst_flags'].split()) == {'slow', 'gpu'}
    assert c['update_pyproject'] == 'False'
    assert 'nbdev==2.4.14' in c['dev_requirements']
    scripts = dict(s.split('=') for s in c['console_scripts'].split())
    for name in scripts: assert shutil.which(name, path=str(BIN)), f'{name} is not installed'

def test_readme_starts_with_the_two_commands():
    text = (ROOT/'README.md').read_text()
    block = text.split('```sh\n', 1)[1].split('```', 1)[0].strip().splitlines()
    assert [l.split('#')[0].strip() for l in block] == ['make demo', 'make test']
    ci = (ROOT/'.ci'/'run').read_text()
    assert 'make test' in ci
    r = subprocess.run([sys.executable, str(ROOT/'tools'/'make_readme.py'), '--check'], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr

def test_dd_unify_on_bundled_sample(tmp_path):
    r = subprocess.run([str(BIN/'dd_unify'), '--data', str(ROOT/'data'/'sample'), '--out', str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert '(generated sample)' in r.stdout
    import pandas as pd
    m = pd.read_csv(tmp_path/'manifest.csv')
    assert set(m.source) == {'dagm', 'magnetic_tile', 'deeppcb'} and set(m.split) == {'train', 'valid', 'test'}
    assert (tmp_path/'charts'/'class_distribution.png').stat().st_size > 10_000

def test_dd_unify_reports_bad_files_and_goes_on(tmp_path):
    data = tmp_path/'data'; shutil.copytree(ROOT/'data'/'sample', data)
    victim = sorted((data/'Magnetic-Tile-Defect'/'MT_Crack'/'Imgs').glob('*.jpg'))[0]
    victim.write_bytes(victim.read_bytes()[:200])
    r = subprocess.run([str(BIN/'dd_unify'), '--data', str(data), '--out', str(tmp_path/'out')], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert f'skipped {victim}: truncated JPEG' in r.stderr or f'skipped {victim}: not an image' in r.stderr
    assert '1 skipped' in r.stdout

def test_index_benchmark_runs_small(tmp_path):
    r = subprocess.run([sys.executable, str(ROOT/'bench'/'bench_index.py'), '--scale', '0.02', '--out', str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    import json
    res = json.loads((tmp_path/'bench_index.json').read_text())
    assert res['files'] > 300 and res['ours_s'] > 0 and res['images'] == res['rows']
    assert res['boxed_defect_crops'] > 0 and res['boxed_rows'] >= res['rows']   # as dd_unify reads it: every image kept, a crop per defect

def test_pipeline_command_lines_on_bundled_sample(tmp_path):
    "The README's chain of commands, small: unify, train (tiny model), evaluate, explain."
    def run(*cmd):
        r = subprocess.run([str(BIN/cmd[0]), *map(str, cmd[1:])], capture_output=True, text=True)
        assert r.returncode == 0, f'{cmd[0]}: {r.stdout[-2000:]}{r.stderr[-2000:]}'
        return r
    run('dd_unify', '--data', ROOT/'data'/'sample', '--out', tmp_path/'data')
    man = tmp_path/'data'/'manifest.csv'
    r = run('dd_train', '--manifest', man, '--out', tmp_path/'run', '--arch', 'test_efficientnet', '--weights', 'none',
            '--epochs', '1', '--size', '32', '--bs', '16', '--budget', '30')
    assert 'best epoch 1' in r.stdout and '1 of 1 epochs in the time budget of 30 min' in r.stdout
    r = run('dd_eval', '--run', tmp_path/'run', '--manifest', man, '--n_boot', '100')
    assert 'miss_rate' in r.stdout and '(generated sample)' in r.stdout
    for f in ('confusion_matrix.png', 'per_dataset_accuracy.png', 'accuracy_curve.png', 'loss_curve.png', 'val_metrics.png'):
        assert (tmp_path/'run'/'charts'/f).exists(), f
    imgs = sorted((ROOT/'data'/'sample'/'Magnetic-Tile-Defect'/'MT_Crack'/'Imgs').glob('*.jpg'))[:2]
    bad = tmp_path/'bad.png'; bad.write_text('not an image')
    r = run('dd_explain', *imgs, bad, '--run', tmp_path/'run', '--out', tmp_path/'ex', '--manifest', man)
    assert f'skipped {bad}' in r.stderr and '2 explained, 1 skipped' in r.stdout
    for name in ('original', 'heatmap', 'boxes', 'edges'): assert (tmp_path/'ex'/f'{imgs[0].stem}_{name}.png').exists()
    assert (tmp_path/'ex'/'gradcam_visualization_unified.png').exists()
