"""The app in a real browser: Voila serves `dd_app` on 127.0.0.1, headless Chromium (Debian's, driven by Playwright)
picks a sample, waits for the four panels and the probabilities, makes a bad upload and sees the message, then picks
another sample. Screenshots go to runs/screenshots/."""
import contextlib, os, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
CHROME_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
               '--disable-component-update', '--disable-sync']

def free_port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

@contextlib.contextmanager
def serve(cmd:list, port:int, name:str, wait_s:float=60):
    "Start a server on 127.0.0.1:`port`, wait until it answers, yield its URL; stop it (and its children) afterwards."
    log = tempfile.TemporaryFile()   # a file, not a pipe: a chatty server would fill a pipe nobody reads and stall
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url, deadline = f'http://127.0.0.1:{port}/', time.time() + wait_s
    try:
        while True:
            try:
                if urllib.request.urlopen(url, timeout=2).status == 200: break
            except Exception:
                if time.time() > deadline: log.seek(0); pytest.fail(f'{name} did not answer: ' + log.read().decode(errors='replace')[-2000:])
                time.sleep(0.25)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM); proc.wait(timeout=20); log.close()

@pytest.fixture(scope='module')
def app_url(tmp_path_factory):
    if not Path(CHROMIUM).exists(): pytest.skip('SKIPPED: chromium is not installed (apt-get install chromium)')
    pytest.importorskip('playwright', reason='SKIPPED: playwright is not installed')
    tmp = tmp_path_factory.mktemp('app')
    from defect_detection.manifest import load_manifest, unify, save_manifest
    from defect_detection.train import TrainConfig, train
    man = save_manifest(unify(ROOT/'data'/'sample'), tmp/'manifest.csv')
    train(man, tmp/'run', TrainConfig(arch='test_efficientnet', weights='none', size=32, bs=16, epochs=1))
    port = free_port()
    with serve([str(BIN/'dd_app'), str(tmp/'run'), '--port', str(port), '--samples', str(ROOT/'data'/'sample')], port, 'dd_app') as url:
        yield url

def test_app_in_chromium(app_url):
    from playwright.sync_api import sync_playwright
    shots = ROOT/'runs'/'screenshots'; shots.mkdir(parents=True, exist_ok=True)
    panels_shown = "() => Array.from(document.querySelectorAll('img')).filter(i => i.naturalWidth > 0).length >= 5"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        try:
            pg = b.new_page(viewport={'width': 1100, 'height': 900})
            pg.goto(app_url, timeout=120_000)
            pg.wait_for_selector('text=Defect inspection', timeout=120_000)
            for name in ('original', 'heatmap', 'boxes', 'edges'): pg.wait_for_selector(f'b:text-is("{name}")', timeout=30_000)
            sample = pg.locator('select').first
            options = sample.evaluate('e => Array.from(e.options).map(o => o.text)')
            assert len(options) > 5, options
            sample.select_option(index=1)
            pg.wait_for_function(panels_shown, timeout=60_000)           # four panels and the probability chart
            pg.wait_for_selector('text=/(OK|DEFECT|REVIEW)/', timeout=30_000)
            pg.screenshot(path=str(shots/'app_sample.png'), full_page=True)
            with pg.expect_file_chooser() as fc: pg.locator('button:has-text("Upload")').click()
            fc.value.set_files(files=[{'name': 'bad.png', 'mimeType': 'image/png', 'buffer': b'this is not an image'}])
            pg.wait_for_selector('text=bad.png: not an image', timeout=30_000)
            pg.screenshot(path=str(shots/'app_bad_upload.png'), full_page=True)
            first = options[1]; sample.select_option(index=len(options) - 1)   # and the app still works
            pg.wait_for_selector(f'text={Path(options[-1]).name}: ', timeout=60_000)
            pg.locator('button:has-text("Make PDF")').click()
            pg.wait_for_selector('a[download$="_report.pdf"]', timeout=60_000)
            pg.screenshot(path=str(shots/'app_pdf.png'), full_page=True)
        finally: b.close()
    assert (shots/'app_bad_upload.png').stat().st_size > 10_000
