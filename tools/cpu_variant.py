#!/usr/bin/env python3
"""Print the environment that makes numpy (and OpenBLAS) compute like a different CPU.

numpy picks its SIMD kernels when it is imported: on x86_64 one of X86_V3 (AVX2 + FMA3),
X86_V4 (AVX-512 SKX) and newer AVX-512 levels, beyond the X86_V2 baseline it was built for.
exp, tanh, log1p and friends differ in the last bit between these kernels, so a number printed
at full precision on one laptop is not the number printed on another. Run the tests a second
time under the environment this prints, and the machine behaves like the previous class of CPU
(an AVX-512 Xeon computes like an AVX2 EPYC; an AVX2 machine like a baseline one):

    env $(python tools/cpu_variant.py) python -m pytest actlib notebooks exercises/solutions

What it sets:

- ``NPY_DISABLE_CPU_FEATURES``: every dispatch target numpy would use here except the lowest
  one (or that one, if it is the only one), so the next kernel down runs.
- ``OPENBLAS_CORETYPE``: another OpenBLAS kernel for matrix products (Haswell, or Sandybridge
  if Haswell is already the one in use), on x86_64 only.

It prints one ``NAME=value`` per line (values without spaces: several features are joined by
commas, which numpy accepts), and ``--check`` verifies, in a fresh interpreter started with that
environment, that numpy really has the features off (exit 1 if not, or if there is nothing to
turn off: then a second run would prove nothing).
"""
import json
import os
import platform
import subprocess
import sys

_PROBE = """
import json, numpy as np
from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
from threadpoolctl import threadpool_info
blas = [i.get("architecture") for i in threadpool_info() if i["internal_api"] == "openblas"]
print(json.dumps({"dispatch": list(__cpu_dispatch__),
                  "on": [k for k, v in __cpu_features__.items() if v],
                  "blas": blas[0] if blas else None}))
"""


def probe(env=None):
    """What numpy uses in a fresh interpreter with ``env``: dispatch targets, features, BLAS."""
    out = subprocess.run([sys.executable, "-c", _PROBE], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def variant(state):
    """The environment variables of the variant run, from a :func:`probe` of this machine."""
    used = [name for name in state["dispatch"] if name in state["on"]]
    if not used:
        return {}
    off = used[1:] or used  # keep the lowest target, or go down to the baseline
    env = {"NPY_DISABLE_CPU_FEATURES": ",".join(off)}
    if platform.machine() in ("x86_64", "AMD64") and state["blas"]:
        env["OPENBLAS_CORETYPE"] = "Sandybridge" if state["blas"] == "Haswell" else "Haswell"
    return env


def main(argv):
    here = probe()
    env = variant(here)
    if "--check" in argv:
        if "NPY_DISABLE_CPU_FEATURES" not in env:
            print("cpu_variant: numpy dispatches no SIMD target here; nothing to vary",
                  file=sys.stderr)
            return 1
        there = probe({**os.environ, **env})
        still_on = [f for f in env["NPY_DISABLE_CPU_FEATURES"].split(",") if f in there["on"]]
        if still_on:
            print(f"cpu_variant: numpy still uses {still_on} under {env}", file=sys.stderr)
            return 1
        print(f"cpu_variant: default dispatch {[f for f in here['dispatch'] if f in here['on']]}"
              f", OpenBLAS {here['blas']}; variant: {env}, OpenBLAS {there['blas']}",
              file=sys.stderr)
    for name, value in env.items():
        print(f"{name}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
