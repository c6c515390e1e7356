"""The documentation site in a real browser: `tools/build_docs.py` builds `_docs/` from the notebooks, a static server
serves it on 127.0.0.1, and headless Chromium (Debian's, driven by Playwright) opens every page. A page fails on an image
that does not load, a request that fails, an internal link (or #anchor) that leads nowhere, or too little content.
The index's screenshot goes to runs/screenshots/docs_index.png."""
import html, os, re, subprocess, sys, urllib.parse, urllib.request
from pathlib import Path
import pytest
from test_browser import CHROMIUM, CHROME_ARGS, free_port, serve

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT/'_docs'

@pytest.fixture(scope='module')
def site():
    if not Path(CHROMIUM).exists(): pytest.skip('SKIPPED: chromium is not installed (apt-get install chromium)')
    pytest.importorskip('playwright', reason='SKIPPED: playwright is not installed')
    if os.environ.get('DD_DOCS_REUSE') and (DOCS/'index.html').exists(): out = '(reused _docs)'   # make test builds the site (running every notebook) just before
    else:
        r = subprocess.run([sys.executable, str(ROOT/'tools'/'build_docs.py')], cwd=ROOT, capture_output=True, text=True)
        assert r.returncode == 0, (r.stdout + r.stderr)[-6000:]
        out = r.stdout
    port = free_port()
    with serve([sys.executable, '-m', 'http.server', str(port), '--bind', '127.0.0.1', '--directory', str(DOCS)], port, 'the static server', 15) as url:
        yield url, out

def pages() -> list[str]:
    return sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob('*.html') if 'site_libs' not in p.parts)

def test_every_notebook_is_a_page(site):
    nbs = sorted(p.stem for p in (ROOT/'nbs').glob('*.ipynb'))
    assert set(f'{n}.html' for n in nbs) <= set(pages()), set(f'{n}.html' for n in nbs) - set(pages())
    # the API reference is on the pages: a heading for exported names of each stage
    for page, names in {'01b_manifest.html': ['unify', 'dd_unify'], '02b_loaders.html': ['TrainConfig', 'get_dls'], '03_train.html': ['train'],
                        '05_explain.html': ['cam_maps', 'panels'], '05c_explain_run.html': ['explanation_grid', 'score_localisation'], '05a_inference.html': ['Predictor', 'export_onnx', 'find_defects'],
                        '00b_metrics.html': ['score_boards', 'bootstrap_ci'], '05b_boards.html': ['fit_whole', 'evaluate_boards'], '08_export.html': ['calibrate', 'dd_export'], '09_lot.html': ['LotLog', 'RayEngine', 'dd_predict']}.items():
        text = (DOCS/page).read_text()
        for n in names: assert f'id="{n.lower()}"' in text, (page, n)

def test_tutorial_says_which_data(site):
    from defect_detection.core import find_shared_data
    text = (DOCS/'tutorial.html').read_text()
    said = re.findall(r'<strong>This page ran on ([a-z ]+)</strong>', text)   # the rendered output, not the code that prints it
    assert said == ['real data' if find_shared_data(ROOT/'nbs') else 'the generated sample'], said
    for fig in ('Confusion matrix', 'explain'): assert fig.lower() in text.lower()
    assert text.count('<img') >= 5, 'the tutorial shows its charts, confusion matrix, explanation overlays and whole boards'
    assert 'DeepPCB test boards' in text and 'central box' in text, 'the tutorial scores whole boards beside the baselines'

def _ids(url: str, cache: dict) -> set:
    if url not in cache:
        body = urllib.request.urlopen(url, timeout=10).read().decode('utf-8', 'replace')
        cache[url] = set(html.unescape(m) for m in re.findall(r'\bid="([^"]+)"', body))
    return cache[url]

def test_pages_in_chromium(site):
    from playwright.sync_api import sync_playwright, TimeoutError as PlaywrightTimeout
    url, _ = site
    shots = ROOT/'runs'/'screenshots'; shots.mkdir(parents=True, exist_ok=True)
    problems, ids, checked = [], {}, set()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        try:
            pg = b.new_page(viewport={'width': 1280, 'height': 1000})
            failed = []
            pg.on('requestfailed', lambda r: failed.append(f'{r.url} ({r.failure})') if r.url.startswith(url) else None)
            pg.on('response', lambda r: failed.append(f'{r.url} ({r.status})') if r.url.startswith(url) and r.status >= 400 else None)
            for page in pages():
                for attempt in (1, 2):   # a page is loaded again once when the machine is too busy for it to settle in 30 s (the tests run beside)
                    failed.clear()
                    pg.goto(url + page, wait_until='load', timeout=60_000)
                    try: pg.wait_for_load_state('networkidle', timeout=30_000); break
                    except PlaywrightTimeout:
                        if attempt == 2: problems.append(f'{page}: requests still open 30 s after it loaded, twice')
                if page == 'index.html': pg.screenshot(path=str(shots/'docs_index.png'), full_page=True)
                broken_imgs = pg.evaluate("() => Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
                text = pg.evaluate("() => (document.querySelector('main') || document.body).innerText")
                links = pg.evaluate("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
                if broken_imgs: problems.append(f'{page}: images that do not load: {broken_imgs}')
                if failed: problems.append(f'{page}: failed requests: {failed}')
                if len(text.strip()) < 300 or not pg.query_selector('main h1, main h2'): problems.append(f'{page}: too little content ({len(text.strip())} characters)')
                for link in links:
                    if not link.startswith(url) or link in checked: continue
                    checked.add(link)
                    target, _, frag = link.partition('#')
                    try: ok = urllib.request.urlopen(target, timeout=10).status == 200
                    except Exception: ok = False
                    if not ok: problems.append(f'{page}: broken link {link}'); continue
                    if frag and (target.endswith('.html') or target.endswith('/')) and urllib.parse.unquote(frag) not in _ids(target, ids):
                        problems.append(f'{page}: link to a missing anchor {link}')
        finally: b.close()
    assert (shots/'docs_index.png').stat().st_size > 10_000
    assert len(checked) > 20, checked
    assert not problems, '\n'.join(problems)
