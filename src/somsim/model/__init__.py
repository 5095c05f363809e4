"""The model layer: the SØM calculation of scenario-format.md §1.

* reference.py: the plain-numpy model (readable; the reference the kernel is tested against) and
  ModelSpec, a scenario compiled to arrays;
* kernels.py: the numba kernels (the only module importing numba): inverse CDFs and copula, the
  model per draw (reading a typed KernelSpec), per-block moments, and the kernel thread count.

May import: the scenario and distributions layers and the level-0 modules (_vocab, errors, …).
"""
