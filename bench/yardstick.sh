#!/usr/bin/env bash
# Issue 15's yardstick: MicroTL against TFLM's reference kernels, TFLM with CMSIS-NN's kernels and the paper authors'
# C head training, in paired, interleaved rounds on the same inputs (the machine may be shared: each round runs every
# side once, back to back, so that the sides of a round meet the same load). The anchors are built outside this
# repository (they are other projects' code; docs/benchmarks.md, "The yardstick", says how) and passed by path:
#
#   TFLM_REF=.../bench-ref TFLM_CMSIS=.../bench-cmsis AUTHORS=.../authors-bench bench/yardstick.sh [ROUNDS] [inference|head|all]
#
# TFLM_REF and TFLM_CMSIS: `bench MODEL RUNS INPUT` prints "median_us min_us checksum arena=N" (TFLM's MicroInterpreter,
# the input restored before every run, untimed, as microtl bench does). AUTHORS: `authors-bench 1` prints the
# per-sample "median_us min_us" of 2,000 SGD steps (batch 4) of the authors' 288 -> 128 -> 10 head; MicroTL's same head
# is timed the same way by bench/yardstick-head.cs (SGD and Adam, each SIMD level).
# Prints one tab-separated line per measurement: round, work, side, median µs, min µs, load average when it started.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-3}
what=${2:-all}
cd "$here"
zoo=tests/fixtures/zoo
# work name, model, input, runs
works=(
  "person_detect $zoo/models/person_detect.tflite $zoo/golden/person_detect/person/input.bin 300"
  "micro_speech tests/fixtures/tflm/models/micro_speech_quantized.tflite tests/fixtures/tflm/micro_speech_features/yes_micro_features_int8.bin 2000"
  "micro_speech_lstm $zoo/models/micro_speech_lstm.tflite $zoo/golden/micro_speech_lstm/yes/input.bin 300"
  "trained_lstm_int8 $zoo/models/trained_lstm_int8.tflite $zoo/golden/trained_lstm_int8/sample0/input.bin 2000"
)
load() { cut -d' ' -f1 /proc/loadavg; }
emit() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@"; }

ours() {  # simd model input runs -> "median min" in µs
  ./microtl bench "$2" --input "$3" --runs "$4" --simd "$1" --json |
    python3 -c 'import json,sys; i=json.load(sys.stdin)["inference"]; print(i["medianMicroseconds"], i["minMicroseconds"])'
}

./microtl --help > /dev/null  # builds the CLI once, outside the rounds
if [[ $what != inference ]]; then
  dotnet build -c Release bench/yardstick-head.cs > /dev/null  # likewise the head-training timer
fi
printf 'round\twork\tside\tmedian_us\tmin_us\tload\n'
for ((r = 1; r <= rounds; r++)); do
  if [[ $what != head ]]; then
    for w in "${works[@]}"; do
      read -r name model input runs <<< "$w"
      l=$(load); read -r med min _ < <("${TFLM_REF:?path of the TFLM reference harness}" "$model" "$runs" "$input"); emit "$r" "$name" tflm-ref "$med" "$min" "$l"
      l=$(load); read -r med min _ < <("${TFLM_CMSIS:?path of the TFLM + CMSIS-NN harness}" "$model" "$runs" "$input"); emit "$r" "$name" tflm-cmsis-nn "$med" "$min" "$l"
      for simd in best vector128; do
        l=$(load); read -r med min < <(ours "$simd" "$model" "$input" "$runs"); emit "$r" "$name" "microtl-$simd" "$med" "$min" "$l"
      done
    done
  fi
  if [[ $what != inference ]]; then
    l=$(load); read -r med min < <("${AUTHORS:?path of the authors head-training bench}" 1); emit "$r" head-288-128-10-b4-sgd authors-c "$med" "$min" "$l"
    for opt in sgd adam; do
      for simd in avx2 vector128 scalar; do
        l=$(load); read -r med min < <(dotnet run -c Release bench/yardstick-head.cs -- "$opt" "$simd")
        emit "$r" "head-288-128-10-b4-$opt" "microtl-$simd" "$med" "$min" "$l"
      done
    done
  fi
done
