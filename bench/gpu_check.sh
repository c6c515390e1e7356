#!/usr/bin/env bash
# The prepared GPU check (run through the device tool, with .whl and bench/data_real carried):
# mixed-precision training on the real benchmark data, img/s and test metrics, at two settings.
set -uo pipefail
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1 DD_CACHE=/tmp/ddcache
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c "import torch, timm, fastai; print('torch', torch.__version__, 'timm', timm.__version__, 'fastai', fastai.__version__, 'bf16', torch.cuda.is_bf16_supported())"
OUT=${OUT:-/tmp/out}
if [ "${1:-}" = pipeline ]; then  # issue 16's throughput bar: the pipeline alone (decoding / cached), the bare step (eager / compiled), dd_train cached / not
  python3 bench/bench_pipeline.py --size 224 --bs 64 --epochs 3 --workers 14 --compile 2>&1 | grep -v "Epoch " | tail -14
  cp bench/results/bench_pipeline.json $OUT/gpu_pipeline.json; exit
fi
if [ "${1:-}" = detector ]; then  # the detector (dd_detect) at a GPU's training length on a copy of the run (carry it: RUN=runs/exp_ok2_bw2), then fitted on the validation boards and the test list scored once
  R=/tmp/run_det; cp -r ${RUN:-runs/exp_ok2_bw2} $R && rm -f $R/detector*
  python3 -c 'import sys; from defect_detection.detect import dd_detect; sys.argv[0] = "dd_detect"; dd_detect()' --run $R --manifest bench/data_real/deeppcb_full.csv --steps ${STEPS:-3000} --bs 16 --device cuda
  python3 bench/bench_boards.py --run $R --baseline_boards 20 2>&1 | grep -v "^ *$"
  cp bench/results/bench_boards.json $OUT/gpu_detector_boards.json; cp $R/model.json $OUT/gpu_detector_model.json; exit
fi
if [ "${1:-}" = sweep ]; then  # settings a 2-core CPU can afford in 30 minutes, to choose the CPU benchmark's: scored on the validation split only
  for cfg in "160 8 300" "192 6 300" "128 10 300"; do set -- $cfg
    python3 bench/bench_train_real.py --device cuda --num_workers 12 --size $1 --epochs $2 --pcb_train $3 --bs 32 --split valid --out /tmp/s$1 2>&1 | grep -E "^(VALID|deeppcb|magnetic)"
    cp /tmp/s$1/bench_train_real.json $OUT/gpu_sweep_$1_$2.json
  done; exit
fi
# 1. the CPU benchmark's own setting, on the GPU (bf16 autocast, channels_last)
python3 bench/bench_train_real.py --device cuda --num_workers 12 --size 128 --epochs 6 --bs 32 --out /tmp/r128 2>&1 | grep -v "Epoch " | tail -22
cp /tmp/r128/bench_train_real.json $OUT/gpu_r128.json
# 2. the full-size setting a GPU affords: 224 px, 10 epochs, batch 64
python3 bench/bench_train_real.py --device cuda --num_workers 12 --size 224 --epochs 10 --bs 64 --out /tmp/r224 2>&1 | grep -v "Epoch " | tail -22
cp /tmp/r224/bench_train_real.json $OUT/gpu_r224.json
