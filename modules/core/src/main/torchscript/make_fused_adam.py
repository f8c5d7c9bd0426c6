"""Writes ../resources/dev/axiom/train/fused-adam.pt: a TorchScript module whose forward calls
PyTorch's fused Adam update (torch._fused_adam_) on lists of tensors, in place.

Axiom's Adam loads it into DJL's libtorch (which has the CPU and CUDA kernels; the op's schema
already exists in Debian's torch 1.13, which compiles the call) and falls back to its own
element-wise update where the module cannot be loaded. Run with Debian's python3-torch:

    /usr/bin/python3 modules/core/src/main/torchscript/make_fused_adam.py
"""
import os
from typing import List

import torch


class FusedAdam(torch.nn.Module):
    def forward(self, params: List[torch.Tensor], grads: List[torch.Tensor], exp_avgs: List[torch.Tensor],
                exp_avg_sqs: List[torch.Tensor], state_steps: List[torch.Tensor], lr: float, beta1: float,
                beta2: float, weight_decay: float, eps: float) -> int:
        torch._fused_adam_(params, grads, exp_avgs, exp_avg_sqs, [], state_steps, lr=lr, beta1=beta1,
                           beta2=beta2, weight_decay=weight_decay, eps=eps, amsgrad=False, maximize=False)
        return 0


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "resources", "dev", "axiom", "train", "fused-adam.pt")
    torch.jit.script(FusedAdam()).save(out)
    print("wrote", os.path.normpath(out))
