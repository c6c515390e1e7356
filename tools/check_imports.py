"""The package's import graph, read from its source: circles, imports from a module to one whose notebook comes later,
package imports inside functions, and private names imported across modules.

    python tools/check_imports.py            # print every finding; exit 1 on any not listed in tools/import_debt.txt
    python tools/check_imports.py --write    # record the current findings as the debt

The debt file is a ratchet: a finding not in it fails the check, and so does a listed finding that is gone (take it off
the list), so the list only shrinks.
"""
import argparse, ast, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG, NBS = ROOT/'defect_detection', ROOT/'nbs'
DEBT = ROOT/'tools'/'import_debt.txt'

def notebook_order() -> dict:
    "`{module: notebook stem}` from each module's 'File to edit' header."
    out = {}
    for p in PKG.glob('*.py'):
        for line in p.read_text().splitlines()[:5]:
            if 'File to edit:' in line: out[p.stem] = Path(line.split('File to edit:')[1].strip().rstrip('.')).stem
    return out

def imports(path:Path) -> list:
    "`(module imported, names, inside a function, line)` for each import of the package in a module."
    tree, out = ast.parse(path.read_text()), []
    def visit(node, in_fn):
        for ch in ast.iter_child_nodes(node):
            fn = in_fn or isinstance(ch, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(ch, ast.ImportFrom):
                mod = ch.module or ''
                if ch.level == 1: mod = f'defect_detection.{mod}' if mod else 'defect_detection'
                if mod.startswith('defect_detection.'):
                    out.append((mod.split('.')[1], [a.name for a in ch.names], fn, ch.lineno))
            elif isinstance(ch, ast.Import):
                for a in ch.names:
                    if a.name.startswith('defect_detection.'): out.append((a.name.split('.')[1], [], fn, ch.lineno))
            visit(ch, fn)
    visit(tree, False)
    return out

def findings() -> list[str]:
    order, out, graph = notebook_order(), [], {}
    for p in sorted(PKG.glob('*.py')):
        if p.stem.startswith('_'): continue
        for mod, names, in_fn, line in imports(p):
            if mod == p.stem: continue
            graph.setdefault(p.stem, set()).add(mod)
            if in_fn: out.append(f'inside a function: {p.stem} imports {mod}')
            if mod in order and p.stem in order and order[mod] > order[p.stem]:
                out.append(f'against the notebook order: {p.stem} ({order[p.stem]}) imports {mod} ({order[mod]})')
            for n in names:
                if n.startswith('_'): out.append(f'private name across modules: {p.stem} imports {mod}.{n}')
    seen = set()
    for a in sorted(graph):   # circles: each pair or longer cycle once, by its sorted members
        stack = [(a, [a])]
        while stack:
            node, path = stack.pop()
            for b in sorted(graph.get(node, ())):
                if b == a and len(path) > 1:
                    key = tuple(sorted(path))
                    if key not in seen: seen.add(key); out.append('circle: ' + ' -> '.join(path + [a]))
                elif b not in path and len(path) < 6: stack.append((b, path + [b]))
    return sorted(set(out))

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--write', action='store_true', help='record the current findings as the debt')
    a = ap.parse_args(argv)
    now = findings()
    if a.write: DEBT.write_text(''.join(f + '\n' for f in now)); print(f'{len(now)} findings written to {DEBT}'); return 0
    debt = {l.strip() for l in DEBT.read_text().splitlines() if l.strip()} if DEBT.exists() else set()
    new, gone = [f for f in now if f not in debt], sorted(debt - set(now))
    for f in now: print(('NEW  ' if f in new else 'debt ') + f)
    for f in gone: print('GONE ' + f + '  (take it off tools/import_debt.txt)')
    kinds = {k: sum(f.startswith(k) for f in now) for k in ('circle', 'against the notebook order', 'inside a function', 'private name')}
    print('import graph: ' + ', '.join(f'{v} {k}' for k, v in kinds.items()) + f'; {len(new)} new, {len(gone)} gone')
    return 1 if new or gone else 0

if __name__ == '__main__': sys.exit(main())
