"""Write README.md from nbs/index.ipynb (nbdev's own `nbdev_readme` needs Quarto).

Markdown cells are copied; code cells become ```python blocks followed by their text output;
cells starting with `#| hide` are left out; relative links (pictures, notebooks) point into nbs/. `--check` exits 1 when README.md is out of date."""
import json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def cell_md(c):
    src = ''.join(c['source']).strip('\n')
    if c['cell_type'] == 'markdown': return src
    lines = src.split('\n')
    if any(l.strip() in ('#| hide', '#|hide') for l in lines): return None
    code = '\n'.join(l for l in lines if not l.startswith('#|')).strip('\n')
    out = ''.join(''.join(o.get('text', '')) if o.get('output_type') == 'stream' else ''.join(o.get('data', {}).get('text/plain', ''))
                  for o in c.get('outputs', []))
    return f'```python\n{code}\n```' + (f'\n\n    ' + out.rstrip('\n').replace('\n', '\n    ') if out.strip() else '')

def render(nb_path=root/'nbs'/'index.ipynb'):
    nb = json.loads(Path(nb_path).read_text())
    parts = [m for c in nb['cells'] if (m := cell_md(c))]
    # links relative to nbs/ (pictures, other notebooks) made relative to the repo's top level
    return re.sub(r'\]\((?!https?:|#|/)([^)]+)\)', r'](nbs/\1)', '\n\n'.join(parts)) + '\n'

if __name__ == '__main__':
    text, readme = render(), root/'README.md'
    if '--check' in sys.argv:
        if not readme.exists() or readme.read_text() != text:
            sys.exit('README.md is out of date with nbs/index.ipynb: run `python tools/make_readme.py`')
    else: readme.write_text(text)
