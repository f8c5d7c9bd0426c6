#!/usr/bin/env python3
"""Golden fixtures for Axiom's ONNX import, computed by PyTorch (not by Axiom).

For each model this writes, into one folder:

  model-eval.onnx    torch.onnx.export(model.eval(), ...) with the exporter's defaults
                     (do_constant_folding=True: batch norm is folded into the convolutions)
  model-train.onnx   torch.onnx.export(model, ..., training=TrainingMode.TRAINING,
                     do_constant_folding=False): batch norm kept, initializers named by the
                     state_dict
  names.json         {onnx initializer name: torch state_dict name} for model-train.onnx
  manifest.json      what was written: op types per file, initializers, golden tensors, checks
  golden/NAME.pb     one serialized onnx.TensorProto per tensor; TensorProto.name is the key
                     (file name = the name with every character outside [A-Za-z0-9._-] -> '_')

All floating-point goldens are float64 (DOUBLE), computed with model.double() on the frozen
float32 state; labels are int64.  See README.md beside this script for the definitions.

Usage (Debian's python3-torch 1.13.1, python3-torchvision 0.14.1, python3-onnx 1.12; run with
/usr/bin/python3):

  /usr/bin/python3 make_fixtures.py                       # the three committed models, in place
  /usr/bin/python3 make_fixtures.py --model tabular       # one of them (resnet8|mobilenet|tabular)
  /usr/bin/python3 make_fixtures.py --model resnet18 --out /tmp/resnet18-fixture   # 45 MB, not committed
"""
import argparse
import collections
import copy
import json
import os
import platform
import re
import sys
import warnings

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
COMMITTED = ["resnet8", "mobilenet", "tabular"]


# ============================================================================ models
# BasicBlock and ResNet8: copied verbatim from /work/shared/peers/eg_reference.py (the peer).

class BasicBlock(nn.Module):
    """conv3x3(stride)-BN-ReLU, conv3x3-BN, plus the shortcut (1x1 conv stride + BN when the shape changes), ReLU."""

    def __init__(self, c_in, c_out, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.down = None
        if stride != 1 or c_in != c_out:
            self.down = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.down is None else self.down(x)))


class ResNet8(nn.Module):
    """1x28x28 input: conv3x3(16)-BN-ReLU, blocks 16 (s1), 32 (s2), 64 (s2), global average pool, fc10."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 16, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        self.blocks = nn.Sequential(BasicBlock(16, 16, 1), BasicBlock(16, 32, 2), BasicBlock(32, 64, 2))
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = self.blocks(F.relu(self.bn(self.conv(x))))
        return self.fc(x.mean((2, 3)))


class SqueezeExcite(nn.Module):
    """Global average pool -> 1x1 conv -> ReLU -> 1x1 conv -> Sigmoid, multiplied onto the input
    ((N,C,1,1) * (N,C,H,W) broadcast)."""

    def __init__(self, c, c_mid):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.reduce = nn.Conv2d(c, c_mid, 1)
        self.relu = nn.ReLU()
        self.expand = nn.Conv2d(c_mid, c, 1)
        self.gate = nn.Sigmoid()

    def forward(self, x):
        return x * self.gate(self.expand(self.relu(self.reduce(self.pool(x)))))


class InvertedResidual(nn.Module):
    """MobileNetV2 block with a squeeze-excitation gate: 1x1 expand + BN + ReLU6, depthwise 3x3
    (groups = channels) + BN + ReLU6, SE gate, 1x1 project (optionally grouped) + BN, residual Add
    when stride 1 and c_in == c_out."""

    def __init__(self, c_in, c_exp, c_out, stride, se_mid, project_groups=1):
        super().__init__()
        self.expand = nn.Conv2d(c_in, c_exp, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_exp)
        self.act1 = nn.ReLU6()
        self.dw = nn.Conv2d(c_exp, c_exp, 3, stride, 1, groups=c_exp, bias=False)
        self.bn2 = nn.BatchNorm2d(c_exp)
        self.act2 = nn.ReLU6()
        self.se = SqueezeExcite(c_exp, se_mid)
        self.project = nn.Conv2d(c_exp, c_out, 1, groups=project_groups, bias=False)
        self.bn3 = nn.BatchNorm2d(c_out)
        self.residual = stride == 1 and c_in == c_out

    def forward(self, x):
        y = self.act1(self.bn1(self.expand(x)))
        y = self.act2(self.bn2(self.dw(y)))
        y = self.bn3(self.project(self.se(y)))
        return x + y if self.residual else y


class MobileNetTiny(nn.Module):
    """3x16x16 input, 5 classes.  Stem conv3x3 s2 (with bias) + BN + ReLU6 (8x8x8); block 1:
    8 -> 16 -> 8, stride 1, residual, project conv grouped (groups=2); block 2: 8 -> 24 -> 16,
    stride 2, no residual (4x4); AvgPool2d(3, 1, 1) (count_include_pad) ; LeakyReLU(0.1);
    AdaptiveAvgPool2d(1); view(N, -1); Linear(16, 5)."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, 2, 1, bias=True)
        self.stem_bn = nn.BatchNorm2d(8)
        self.stem_act = nn.ReLU6()
        self.block1 = InvertedResidual(8, 16, 8, 1, se_mid=4, project_groups=2)
        self.block2 = InvertedResidual(8, 24, 16, 2, se_mid=6)
        self.smooth = nn.AvgPool2d(3, stride=1, padding=1)
        self.act = nn.LeakyReLU(0.1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 5)

    def forward(self, x):
        x = self.stem_act(self.stem_bn(self.stem(x)))
        x = self.block2(self.block1(x))
        x = self.pool(self.act(self.smooth(x)))
        x = x.view(x.size(0), -1)
        return self.fc(x)


class TabularNet(nn.Module):
    """12 features, 3 classes: h1 = ReLU(BN1d(Linear(12,16)(x))); h2 = Tanh(Linear(16,16)(h1)) + h1;
    h3 = Softplus(Linear(16,8)(h2)); c = concat([h3, Sigmoid(Linear(12,4)(x))], 1); Linear(12,3)(c)."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(12, 16)
        self.bn1 = nn.BatchNorm1d(16)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(16, 16)
        self.tanh = nn.Tanh()
        self.fc3 = nn.Linear(16, 8)
        self.softplus = nn.Softplus()
        self.side = nn.Linear(12, 4)
        self.sigmoid = nn.Sigmoid()
        self.out = nn.Linear(12, 3)

    def forward(self, x):
        h1 = self.relu(self.bn1(self.fc1(x)))
        h2 = self.tanh(self.fc2(h1)) + h1
        h3 = self.softplus(self.fc3(h2))
        c = torch.cat([h3, self.sigmoid(self.side(x))], dim=1)
        return self.out(c)


def resnet18():
    import torchvision
    return torchvision.models.resnet18(weights=None)


# name -> (constructor, sample shape, input distribution, classes, opset, N, k, prior)
SPECS = {
    "resnet8": (ResNet8, (1, 28, 28), "uniform", 10, 17, 4, 2, "pixel"),
    "mobilenet": (MobileNetTiny, (3, 16, 16), "uniform", 5, 13, 4, 2, "pixel"),
    "tabular": (TabularNet, (12,), "normal", 3, 11, 4, 2, "gini"),
    "resnet18": (resnet18, (3, 64, 64), "uniform", 1000, 17, 2, 1, "pixel"),
}
LAMBDA = 0.5


# ============================================================================ attributions and priors

def true_logit(out, labels):
    return out.gather(1, labels.view(-1, 1))


def expected_gradients(model, x, refs, alphas, labels, k, create_graph):
    """The peer's expected_gradients with the given alphas instead of random ones:
    phi = mean_j (x - r_j) * d logit_label / d input at r_j + a_j (x - r_j);
    refs / alphas rows in x.repeat_interleave(k, 0) layout (row l*k + j = reference j of sample l)."""
    n = x.shape[0]
    xr = x.repeat_interleave(k, 0)
    a = alphas.view((n * k,) + (1,) * (x.dim() - 1))
    delta = xr - refs
    xt = (refs + a * delta).requires_grad_(True)
    out = model(xt)
    g, = torch.autograd.grad(true_logit(out, labels.repeat_interleave(k, 0)).sum(), xt, create_graph=create_graph)
    phi = delta * g
    return phi.view((n, k) + tuple(x.shape[1:])).mean(1)


def pixel_prior(phi):
    """Axiom's pixel smoothness: sum over channels (N,C,H,W)->(N,H,W); divide each map by its
    unbiased std over the H*W pixels clamped below at 1e-8; anisotropic TV; mean over the maps."""
    p = phi.sum(1)
    std = p.flatten(1).std(1).clamp_min(1e-8).view(-1, 1, 1)
    p = p / std
    tv = (p[:, 1:, :] - p[:, :-1, :]).abs().sum((1, 2)) + (p[:, :, 1:] - p[:, :, :-1]).abs().sum((1, 2))
    return tv.mean()


def gini_prior(phi):
    """-G, G = sum_i sum_j |pb_i - pb_j| / (2 p sum_i pb_i), pb = mean over samples of |phi|."""
    pb = phi.abs().mean(0)
    p = pb.numel()
    g = (pb.view(-1, 1) - pb.view(1, -1)).abs().sum() / (2 * p * pb.sum())
    return -g


PRIORS = {"pixel": pixel_prior, "gini": gini_prior}


# ============================================================================ golden computation

class Fixture:
    def __init__(self, name):
        self.name = name
        ctor, self.shape, self.dist, self.classes, self.opset, self.n, self.k, prior = SPECS[name]
        self.prior_name, self.prior = prior, PRIORS[prior]
        torch.manual_seed(0)
        model = ctor()
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                with torch.no_grad():
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.normal_(0.0, 0.1)
        model.train()
        with torch.no_grad():
            for _ in range(3):
                model(self.sample(8))
        self.template = model
        self.frozen = {k: v.detach().clone() for k, v in model.state_dict().items()}
        # golden inputs: float32 values, used as float64
        self.x32 = self.sample(self.n)
        self.labels = torch.randint(0, self.classes, (self.n,), dtype=torch.int64)
        self.refs32 = self.sample(self.n * self.k)
        self.alphas32 = torch.rand(self.n * self.k)
        assert bool((self.alphas32 > 0).all() and (self.alphas32 < 1).all())

    def sample(self, n):
        size = (n,) + self.shape
        return torch.rand(size) if self.dist == "uniform" else torch.randn(size)

    def fresh(self, dtype=torch.float64):
        """A copy of the model with exactly the frozen state, in the given dtype."""
        m = copy.deepcopy(self.template)
        m.load_state_dict(self.frozen)
        return m.to(dtype)

    def objective(self, model, create_graph=True):
        """Train mode: CE(logits_train, labels) + lambda * prior(EG in train mode)."""
        x, refs, alphas = self.x32.double(), self.refs32.double(), self.alphas32.double()
        model.train()
        logits = model(x)
        ce = F.cross_entropy(logits, self.labels)
        phi = expected_gradients(model, x, refs, alphas, self.labels, self.k, create_graph=create_graph)
        return ce + LAMBDA * self.prior(phi), logits, phi

    def goldens(self):
        g = collections.OrderedDict()
        x, refs, alphas = self.x32.double(), self.refs32.double(), self.alphas32.double()
        g["x"] = x
        g["labels"] = self.labels
        with torch.no_grad():
            g["logits_eval"] = self.fresh().eval()(x)
            g["logits_train"] = self.fresh().train()(x)
        m = self.fresh().eval()
        xg = x.clone().requires_grad_(True)
        gi, = torch.autograd.grad(true_logit(m(xg), self.labels).sum(), xg)
        g["input_grad"] = gi
        g["eg_references"] = refs
        g["eg_alphas"] = alphas
        g["eg_eval"] = expected_gradients(self.fresh().eval(), x, refs, alphas, self.labels, self.k, False)
        g["eg_train"] = expected_gradients(self.fresh().train(), x, refs, alphas, self.labels, self.k, False)
        g["lambda"] = torch.tensor(LAMBDA, dtype=torch.float64)
        m = self.fresh()
        obj, logits, phi = self.objective(m, create_graph=True)
        # the objective's own train-mode pass must reproduce the separately computed goldens
        assert torch.allclose(logits, g["logits_train"], rtol=0, atol=1e-12)
        assert torch.allclose(phi, g["eg_train"], rtol=0, atol=1e-12)
        m.zero_grad(set_to_none=True)
        obj.backward()
        g["objective"] = obj.detach()
        self.grads = {}
        for name, p in m.named_parameters():
            assert p.grad is not None, name
            g["grad:" + name] = p.grad.detach().clone()
            self.grads[name] = g["grad:" + name]
        for name, v in self.frozen.items():
            if name.endswith("num_batches_tracked"):
                continue
            g["param:" + name] = v.double()
        g.update(self.goldens_float32())
        return g

    def goldens_float32(self):
        """The same quantities computed by PyTorch in float32 (stored as float64, exactly), named
        'f32:<name>': what a float32 implementation is compared with, since float32 rounding alone
        moves some of them far from the float64 values (train-mode expected gradients of resnet8
        by about 2 %)."""
        g = collections.OrderedDict()
        x, refs, alphas = self.x32, self.refs32, self.alphas32
        f32 = lambda: self.fresh(torch.float32)
        with torch.no_grad():
            g["f32:logits_eval"] = f32().eval()(x)
            g["f32:logits_train"] = f32().train()(x)
        m = f32().eval()
        xg = x.clone().requires_grad_(True)
        gi, = torch.autograd.grad(true_logit(m(xg), self.labels).sum(), xg)
        g["f32:input_grad"] = gi
        g["f32:eg_eval"] = expected_gradients(f32().eval(), x, refs, alphas, self.labels, self.k, False)
        g["f32:eg_train"] = expected_gradients(f32().train(), x, refs, alphas, self.labels, self.k, False)
        m = f32().train()
        logits = m(x)
        phi = expected_gradients(m, x, refs, alphas, self.labels, self.k, True)
        obj = F.cross_entropy(logits, self.labels) + LAMBDA * self.prior(phi)
        m.zero_grad(set_to_none=True)
        obj.backward()
        g["f32:objective"] = obj.detach()
        for name, p in m.named_parameters():
            g["f32:grad:" + name] = p.grad.detach().clone()
        return g

    def fd_check(self, entries=12, h=1e-6, seed=123):
        """Central differences of the objective (float64) for random parameter entries.

        The objective is only piecewise smooth in the parameters: the attributions contain input
        gradients, which jump when a perturbation flips a ReLU / ReLU6 / LeakyReLU activation (or a
        pattern of the |.| in the prior) at one of the interpolated points.  Double backward gives
        the derivative of the smooth piece, so an entry whose [-h, h] interval contains such a
        jump is detected (the one-sided differences disagree by more than 1e-2 * max(1, |d|):
        a jump J shows as J / h) and replaced by the next random entry; it is listed as skipped."""
        rng = np.random.RandomState(seed)
        names = [n for n, _ in self.template.named_parameters()]
        f0 = float(self.objective(self.fresh(), create_graph=False)[0])
        floor = 1e-9 * max(1.0, abs(f0))
        rows = []
        order = []
        while len(order) < 4 * entries + 8:                         # distinct tensors first
            order += list(rng.permutation(len(names)))
        checked = 0
        for pick in order:
            if checked == entries:
                break
            name = names[pick]
            idx = int(rng.randint(self.frozen[name].numel()))
            vals = []
            for sgn in (+1, -1):
                m = self.fresh()
                p = dict(m.named_parameters())[name]
                with torch.no_grad():
                    p.view(-1)[idx] += sgn * h
                vals.append(float(self.objective(m, create_graph=False)[0]))
            fd = (vals[0] - vals[1]) / (2 * h)
            d_plus, d_minus = (vals[0] - f0) / h, (f0 - vals[1]) / h
            an = float(self.grads[name].reshape(-1)[idx])
            err = abs(fd - an)
            rel = err / max(abs(fd), abs(an), 1e-300)
            # pass: relative 1e-6, plus an absolute floor of 1e-9 * max(1, |objective|): the rounding
            # noise of a float64 central difference is ~ 2.2e-16 * |objective| / h = 2.2e-10 * |objective|
            # (it dominates for small derivatives, and for entries whose derivative is exactly 0, e.g.
            # a Linear bias directly followed by train-mode batch norm)
            tol = 1e-6 * max(abs(fd), abs(an)) + floor
            row = {"param": name, "index": idx, "analytic": an, "finite_difference": fd,
                   "one_sided_plus": d_plus, "one_sided_minus": d_minus,
                   "abs_err": err, "rel_err": rel, "tolerance": tol}
            if abs(d_plus - d_minus) > 1e-2 * max(1.0, abs(d_plus), abs(d_minus)) and err > tol:
                row["status"] = "skipped: objective jumps by about %.3g inside [-h, h]" % (
                    abs(d_plus - d_minus) * h)
            else:
                row["status"] = "ok" if err <= tol else "FAIL"
                checked += 1
            rows.append(row)
        return rows


# ============================================================================ export and ONNX inspection

def export(fx, out_dir):
    x32 = fx.x32
    common = dict(input_names=["x"], output_names=["logits"],
                  dynamic_axes={"x": {0: "N"}, "logits": {0: "N"}}, opset_version=fx.opset)
    eval_path = os.path.join(out_dir, "model-eval.onnx")
    train_path = os.path.join(out_dir, "model-train.onnx")
    m = fx.fresh(torch.float32).eval()
    torch.onnx.export(m, (x32,), eval_path, **common)
    m = fx.fresh(torch.float32).train()
    with warnings.catch_warnings():
        # "Removing mutation from node aten::add_ on block input: '...num_batches_tracked'"
        warnings.filterwarnings("ignore", message="ONNX Preprocess - Removing mutation")
        torch.onnx.export(m, (x32,), train_path, training=torch.onnx.TrainingMode.TRAINING,
                          do_constant_folding=False, **common)
    # The exporter traces one forward pass of the train-mode model *before* it reads the buffers, so
    # the running_mean / running_var it writes are those after one extra momentum update on the
    # export's example input, not the frozen state.  Put the frozen values back (by name) and
    # record which initializers that touched.
    model = onnx.load(train_path)
    patched = []
    for init in model.graph.initializer:
        if init.name in fx.frozen:
            want = fx.frozen[init.name].numpy()
            have = numpy_helper.to_array(init)
            if have.shape != want.shape or have.dtype != want.dtype or not np.array_equal(have, want):
                init.CopyFrom(numpy_helper.from_array(want.astype(have.dtype), init.name))
                patched.append(init.name)
    if patched:
        onnx.save(model, train_path)
    return eval_path, train_path, patched


def op_counts(model):
    c = collections.Counter()

    def walk(graph):
        for n in graph.node:
            c[n.op_type] += 1
            for a in n.attribute:
                if a.type == onnx.AttributeProto.GRAPH:
                    walk(a.g)
    walk(model.graph)
    return dict(sorted(c.items()))


def describe(path, fx):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    inits = collections.OrderedDict()
    for i in model.graph.initializer:
        inits[i.name] = {"shape": list(i.dims), "type": onnx.TensorProto.DataType.Name(i.data_type)}
    # node-level details that an importer has to handle
    details = []
    for n in model.graph.node:
        if n.op_type == "BatchNormalization":
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}
            details.append({"op": "BatchNormalization", "name": n.name, "outputs": len(n.output),
                            "attributes": {k: (round(v, 7) if isinstance(v, float) else v) for k, v in attrs.items()}})
        if n.op_type in ("Clip", "Pad", "AveragePool", "Dropout", "Cast", "Identity", "Reshape", "Gather",
                         "Unsqueeze", "Concat", "Shape", "Constant", "ReduceMean", "Softplus", "LeakyRelu",
                         "MaxPool", "Flatten", "Gemm", "GlobalAveragePool"):
            attrs = {}
            for a in n.attribute:
                v = onnx.helper.get_attribute_value(a)
                if isinstance(v, onnx.TensorProto):
                    v = numpy_helper.to_array(v).tolist()
                elif isinstance(v, bytes):
                    v = v.decode()
                elif isinstance(v, float):
                    v = round(v, 7)
                attrs[a.name] = v
            details.append({"op": n.op_type, "name": n.name, "inputs": list(n.input), "attributes": attrs})
    return {
        "file": os.path.basename(path),
        "bytes": os.path.getsize(path),
        "ir_version": model.ir_version,
        "opset": {o.domain or "ai.onnx": o.version for o in model.opset_import},
        "producer": "%s %s" % (model.producer_name, model.producer_version),
        "inputs": [v.name for v in model.graph.input],
        "outputs": [v.name for v in model.graph.output],
        "op_types": op_counts(model),
        "nodes": len(model.graph.node),
        "initializers": inits,
        "checker": "onnx.checker.check_model(full_check=True) passed",
        "node_details": details,
    }, model


def fold_map(m_eval, m_train, fx):
    """For model-eval.onnx: which state_dict entries each renamed (folded) Conv initializer comes from.
    Conv nodes are matched by node name (e.g. '/block1/expand/Conv') with model-train.onnx, where the
    Conv feeds a BatchNormalization.  Also recomputes the folding in float64 from the frozen state:
    W' = W * s, b' = (b - mean) * s + beta with s = gamma / sqrt(var + eps)."""
    train_convs = {n.name: n for n in m_train.graph.node if n.op_type == "Conv"}
    consumers = {}
    for n in m_train.graph.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    out = {}
    for n in m_eval.graph.node:
        if n.op_type != "Conv" or n.input[1] in fx.frozen:
            continue
        tc = train_convs[n.name]
        bn = [c for c in consumers[tc.output[0]] if c.op_type == "BatchNormalization"]
        assert len(bn) == 1, n.name
        gamma, beta, mean, var = (fx.frozen[i].double() for i in bn[0].input[1:5])
        eps = [a.f for a in bn[0].attribute if a.name == "epsilon"][0]
        sc = gamma / torch.sqrt(var + float(repr(np.float32(eps))))
        w = fx.frozen[tc.input[1]].double()
        b = fx.frozen[tc.input[2]].double() if len(tc.input) > 2 else torch.zeros_like(mean)
        want = {n.input[1]: w * sc.view(-1, 1, 1, 1), n.input[2]: (b - mean) * sc + beta}
        inits = {i.name: i for i in m_eval.graph.initializer}
        for role, name in (("weight", n.input[1]), ("bias", n.input[2])):
            have = numpy_helper.to_array(inits[name]).astype(np.float64)
            err = float(np.abs(have - want[name].numpy()).max() / max(1e-30, float(want[name].abs().max())))
            assert err < 1e-6, (name, err)
            out[name] = {"conv_node": n.name, "role": role,
                         "folded_from": [tc.input[1]] + ([tc.input[2]] if len(tc.input) > 2 else []) +
                         list(bn[0].input[1:5]),
                         "max_rel_diff_vs_float64_folding": err}
    return out


# ============================================================================ a small float64 ONNX interpreter
# Only to cross-check the written files against the PyTorch goldens (no ONNX runtime is installable
# here).  Covers exactly the ops these exports use.

def _attrs(node, decimal=False):
    """Node attributes; with decimal=True a FLOAT attribute (stored as float32) is read back as the
    shortest decimal that rounds to it (0.10000000149011612 -> 0.1, 9.999999747378752e-06 -> 1e-05),
    i.e. as the double constant PyTorch used."""
    out = {}
    for a in node.attribute:
        v = onnx.helper.get_attribute_value(a)
        if decimal and a.type == onnx.AttributeProto.FLOAT:
            v = float(repr(np.float32(v)))
        out[a.name] = v
    return out


def _conv(x, w, b, strides, pads, dil, group):
    n, c, hh, ww = x.shape
    m, cg, kh, kw = w.shape
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    ho = (hh + pads[0] + pads[2] - dil[0] * (kh - 1) - 1) // strides[0] + 1
    wo = (ww + pads[1] + pads[3] - dil[1] * (kw - 1) - 1) // strides[1] + 1
    out = np.zeros((n, m, ho, wo))
    og = m // group
    for g in range(group):
        xg = x[:, g * cg:(g + 1) * cg]
        wg = w[g * og:(g + 1) * og]
        for i in range(kh):
            for j in range(kw):
                patch = xg[:, :, i * dil[0]: i * dil[0] + strides[0] * (ho - 1) + 1: strides[0],
                           j * dil[1]: j * dil[1] + strides[1] * (wo - 1) + 1: strides[1]]
                out[:, g * og:(g + 1) * og] += np.einsum("nchw,oc->nohw", patch, wg[:, :, i, j])
    if b is not None:
        out += b.reshape(1, -1, 1, 1)
    return out


def _pool(x, kernel, strides, pads, mode, count_include_pad=0):
    n, c, hh, ww = x.shape
    kh, kw = kernel
    fill = -np.inf if mode == "max" else 0.0
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])), constant_values=fill)
    ones = np.pad(np.ones((1, 1, hh, ww)), ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    ho = (hh + pads[0] + pads[2] - kh) // strides[0] + 1
    wo = (ww + pads[1] + pads[3] - kw) // strides[1] + 1
    acc = np.full((n, c, ho, wo), -np.inf) if mode == "max" else np.zeros((n, c, ho, wo))
    cnt = np.zeros((1, 1, ho, wo))
    for i in range(kh):
        for j in range(kw):
            sl = (slice(None), slice(None), slice(i, i + strides[0] * (ho - 1) + 1, strides[0]),
                  slice(j, j + strides[1] * (wo - 1) + 1, strides[1]))
            if mode == "max":
                acc = np.maximum(acc, xp[sl])
            else:
                acc = acc + xp[sl]
                cnt = cnt + ones[sl]
    if mode == "max":
        return acc
    return acc / (kh * kw) if count_include_pad else acc / cnt


def run_onnx_numpy(model, feeds, decimal_attrs=False):
    opset = {o.domain or "": o.version for o in model.opset_import}[""]
    env = {i.name: numpy_helper.to_array(i).astype(np.float64) if numpy_helper.to_array(i).dtype.kind == "f"
           else numpy_helper.to_array(i) for i in model.graph.initializer}
    env.update(feeds)
    env[""] = None
    for node in model.graph.node:
        a = _attrs(node, decimal_attrs)
        ins = [env[i] for i in node.input]
        op = node.op_type
        outs = None
        if op == "Conv":
            w = ins[1]
            k = w.shape[2:]
            outs = [_conv(ins[0], w, ins[2] if len(ins) > 2 else None, a.get("strides", [1, 1]),
                          a.get("pads", [0, 0, 0, 0]), a.get("dilations", [1, 1]), a.get("group", 1))]
            assert tuple(a.get("kernel_shape", k)) == tuple(k)
        elif op == "BatchNormalization":
            x, sc, b, mean, var = ins
            eps = a.get("epsilon", 1e-5)
            training = a.get("training_mode", 0) == 1 if opset >= 14 else len(node.output) > 1
            shp = (1, -1) + (1,) * (x.ndim - 2)
            if training:
                axes = (0,) + tuple(range(2, x.ndim))
                mean, var = x.mean(axes), x.var(axes)
            outs = [(x - mean.reshape(shp)) / np.sqrt(var.reshape(shp) + eps) * sc.reshape(shp) + b.reshape(shp)]
            outs += [None] * (len(node.output) - 1)
        elif op == "Relu":
            outs = [np.maximum(ins[0], 0)]
        elif op == "Clip":
            lo = ins[1] if len(ins) > 1 and ins[1] is not None else a.get("min", -np.inf)
            hi = ins[2] if len(ins) > 2 and ins[2] is not None else a.get("max", np.inf)
            outs = [np.clip(ins[0], lo, hi)]
        elif op == "LeakyRelu":
            outs = [np.where(ins[0] >= 0, ins[0], a.get("alpha", 0.01) * ins[0])]
        elif op == "Sigmoid":
            outs = [1 / (1 + np.exp(-ins[0]))]
        elif op == "Tanh":
            outs = [np.tanh(ins[0])]
        elif op == "Softplus":
            outs = [np.logaddexp(0, ins[0])]
        elif op in ("Add", "Mul", "Sub", "Div"):
            f = {"Add": np.add, "Mul": np.multiply, "Sub": np.subtract, "Div": np.divide}[op]
            outs = [f(ins[0], ins[1])]
        elif op == "Gemm":
            A, B = ins[0], ins[1]
            A = A.T if a.get("transA", 0) else A
            B = B.T if a.get("transB", 0) else B
            y = a.get("alpha", 1.0) * A @ B
            if len(ins) > 2 and ins[2] is not None:
                y = y + a.get("beta", 1.0) * ins[2]
            outs = [y]
        elif op == "MatMul":
            outs = [ins[0] @ ins[1]]
        elif op == "GlobalAveragePool":
            outs = [ins[0].mean(tuple(range(2, ins[0].ndim)), keepdims=True)]
        elif op == "ReduceMean":
            axes = a.get("axes") if "axes" in a else (ins[1].tolist() if len(ins) > 1 else None)
            outs = [ins[0].mean(tuple(axes) if axes is not None else None, keepdims=bool(a.get("keepdims", 1)))]
        elif op == "AveragePool":
            outs = [_pool(ins[0], a["kernel_shape"], a.get("strides", [1, 1]), a.get("pads", [0, 0, 0, 0]),
                          "avg", a.get("count_include_pad", 0))]
        elif op == "MaxPool":
            outs = [_pool(ins[0], a["kernel_shape"], a.get("strides", [1, 1]), a.get("pads", [0, 0, 0, 0]), "max")]
        elif op == "Pad":
            pads = ins[1] if len(ins) > 1 else a["pads"]
            value = float(ins[2]) if len(ins) > 2 and ins[2] is not None else a.get("value", 0.0)
            mode = a.get("mode", b"constant")
            mode = mode.decode() if isinstance(mode, bytes) else mode
            assert mode == "constant", mode
            r = ins[0].ndim
            outs = [np.pad(ins[0], [(int(pads[i]), int(pads[i + r])) for i in range(r)], constant_values=value)]
        elif op == "Shape":
            outs = [np.array(ins[0].shape, dtype=np.int64)]
        elif op == "Gather":
            outs = [np.take(ins[0], ins[1], axis=a.get("axis", 0))]
        elif op == "Unsqueeze":
            axes = a["axes"] if "axes" in a else ins[1].tolist()
            y = ins[0]
            for ax in sorted(axes):
                y = np.expand_dims(y, ax)
            outs = [y]
        elif op == "Squeeze":
            axes = a.get("axes") if "axes" in a else (ins[1].tolist() if len(ins) > 1 else None)
            outs = [np.squeeze(ins[0], tuple(axes) if axes is not None else None)]
        elif op == "Concat":
            outs = [np.concatenate(ins, axis=a["axis"])]
        elif op == "Reshape":
            shape = [int(s) for s in ins[1]]
            shape = [ins[0].shape[i] if s == 0 else s for i, s in enumerate(shape)]
            outs = [ins[0].reshape(shape)]
        elif op == "Flatten":
            ax = a.get("axis", 1)
            outs = [ins[0].reshape(int(np.prod(ins[0].shape[:ax])), -1)]
        elif op == "Constant":
            v = numpy_helper.to_array(a["value"])
            outs = [v.astype(np.float64) if v.dtype.kind == "f" else v]
        elif op == "Cast":
            to = a["to"]
            if to in (onnx.TensorProto.FLOAT, onnx.TensorProto.DOUBLE, onnx.TensorProto.FLOAT16):
                outs = [np.asarray(ins[0], dtype=np.float64)]
            else:
                outs = [np.asarray(ins[0]).astype(onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[to])]
        elif op == "Identity":
            outs = [ins[0]]
        else:
            raise NotImplementedError(op)
        for name, v in zip(node.output, outs):
            env[name] = v
    return [env[o.name] for o in model.graph.output]


# ============================================================================ golden files

def safe_name(name):
    return re.sub(r"[^A-Za-z0-9._-]", "_", name) + ".pb"


def write_goldens(goldens, gdir):
    os.makedirs(gdir, exist_ok=True)
    for f in os.listdir(gdir):
        if f.endswith(".pb"):
            os.remove(os.path.join(gdir, f))
    files = {}
    for name, t in goldens.items():
        arr = t.detach().cpu().numpy()
        if arr.dtype.kind == "f":
            arr = arr.astype(np.float64)
        else:
            arr = arr.astype(np.int64)
        fn = safe_name(name)
        assert fn not in files.values(), "file name collision: " + fn
        files[name] = fn
        tp = numpy_helper.from_array(np.array(arr, order="C"), name)  # (ascontiguousarray would make scalars 1-d)
        with open(os.path.join(gdir, fn), "wb") as fh:
            fh.write(tp.SerializeToString())
    return files


def read_golden(path):
    tp = onnx.TensorProto()
    with open(path, "rb") as fh:
        tp.ParseFromString(fh.read())
    return tp.name, numpy_helper.to_array(tp)


# ============================================================================ main

def versions():
    import torchvision
    return {"python": platform.python_version(), "torch": torch.__version__,
            "torchvision": torchvision.__version__, "onnx": onnx.__version__, "numpy": np.__version__}


def make(name, out_dir, fd_entries):
    os.makedirs(out_dir, exist_ok=True)
    print("== %s -> %s" % (name, out_dir), flush=True)
    fx = Fixture(name)
    goldens = fx.goldens()
    gfiles = write_goldens(goldens, os.path.join(out_dir, "golden"))
    # read back: every file parses, has its name and is bit-identical to what was computed
    for gname, fn in gfiles.items():
        rname, arr = read_golden(os.path.join(out_dir, "golden", fn))
        want = goldens[gname].detach().numpy()
        assert rname == gname and arr.shape == tuple(goldens[gname].shape) and arr.dtype == (np.float64 if want.dtype.kind == "f" else np.int64)
        assert np.array_equal(arr, want), gname

    eval_path, train_path, patched = export(fx, out_dir)
    d_eval, m_eval = describe(eval_path, fx)
    d_train, m_train = describe(train_path, fx)

    # model-train.onnx initializers vs the state_dict
    sd_names = [k for k in fx.frozen if not k.endswith("num_batches_tracked")]
    names = {}
    renamed = {}
    for init in m_train.graph.initializer:
        if init.name in fx.frozen:
            names[init.name] = init.name
            assert np.array_equal(numpy_helper.to_array(init), fx.frozen[init.name].numpy()), init.name
        else:
            # match by value (only an exporter rename would end up here)
            arr = numpy_helper.to_array(init)
            hits = [k for k in sd_names if fx.frozen[k].shape == arr.shape and
                    np.array_equal(fx.frozen[k].numpy(), arr)]
            if len(hits) == 1:
                names[init.name] = hits[0]
                renamed[init.name] = hits[0]
    missing = [k for k in sd_names if k not in names.values()]
    with open(os.path.join(out_dir, "names.json"), "w") as fh:
        json.dump(names, fh, indent=1)
        fh.write("\n")

    folded = fold_map(m_eval, m_train, fx)

    # cross-check the ONNX files against the PyTorch goldens with the float64 numpy interpreter
    x64 = goldens["x"].numpy()
    le, lt = goldens["logits_eval"].numpy(), goldens["logits_train"].numpy()
    cross = {"logits_scale_max_abs": float(np.abs(le).max())}
    for dec in (False, True):
        ev, = run_onnx_numpy(m_eval, {"x": x64}, dec)
        tr, = run_onnx_numpy(m_train, {"x": x64}, dec)
        tag = "_decimal_attrs" if dec else ""
        cross["model-eval.onnx_vs_logits_eval_max_abs" + tag] = float(np.abs(ev - le).max())
        cross["model-train.onnx_vs_logits_train_max_abs" + tag] = float(np.abs(tr - lt).max())
    print("   float64 numpy run of the ONNX files vs goldens, max |diff|: eval %.3g, train %.3g; float attributes "
          "read as decimals: eval %.3g, train %.3g (|logits| <= %.3g)" % (
              cross["model-eval.onnx_vs_logits_eval_max_abs"], cross["model-train.onnx_vs_logits_train_max_abs"],
              cross["model-eval.onnx_vs_logits_eval_max_abs_decimal_attrs"],
              cross["model-train.onnx_vs_logits_train_max_abs_decimal_attrs"], cross["logits_scale_max_abs"]),
          flush=True)

    fd = fx.fd_check(entries=fd_entries) if fd_entries else []
    used = [r for r in fd if not r["status"].startswith("skipped")]
    nonzero = [r["rel_err"] for r in used if abs(r["analytic"]) > 1e-6]
    worst = max(nonzero, default=float("nan"))
    for r in fd:
        print("   FD %-32s [%6d] analytic % .10e  fd % .10e  abs %.1e rel %.1e %s" % (
            r["param"], r["index"], r["analytic"], r["finite_difference"], r["abs_err"], r["rel_err"],
            r["status"]), flush=True)
    n_ok = sum(r["status"] == "ok" for r in used)
    if fd:
        print("   FD %d/%d entries pass (step 1e-6, float64, tolerance 1e-6 relative + 1e-9 * max(1, |objective|)); "
              "worst relative error where |analytic| > 1e-6: %.2e; skipped (jump inside [-h, h]): %d" % (
                  n_ok, len(used), worst, len(fd) - len(used)), flush=True)

    manifest = {
        "model": name,
        "sample_shape": list(fx.shape),
        "classes": fx.classes,
        "N": fx.n, "k": fx.k, "lambda": LAMBDA, "prior": fx.prior_name,
        "objective": float(goldens["objective"]),
        "versions": versions(),
        "goldens": {g: {"file": "golden/" + f, "shape": list(goldens[g].shape),
                        "type": "DOUBLE" if goldens[g].dtype.is_floating_point else "INT64"}
                    for g, f in gfiles.items()},
        "exports": {"model-eval.onnx": d_eval, "model-train.onnx": d_train},
        "eval_export_folded_initializers": folded,
        "train_export_running_stats_restored": patched,
        "train_export_renamed_initializers": renamed,
        "state_dict_entries_not_in_train_export": missing,
        "onnx_numpy_crosscheck": cross,
        "finite_difference_check": {"step": 1e-6, "dtype": "float64", "criterion": "abs_err <= 1e-6 * max(|fd|, |analytic|) + 1e-9 * max(1, |objective|)",
                                     "checked": len(used), "passed": n_ok, "skipped_for_jumps": len(fd) - len(used),
                                     "worst_rel_err_where_analytic_above_1e-6": worst, "entries": fd},
    }
    with open(os.path.join(out_dir, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=1)
        fh.write("\n")
    print("   eval ops:  %s" % d_eval["op_types"])
    print("   train ops: %s" % d_train["op_types"])
    print("   running stats restored in model-train.onnx: %d, renamed: %s, missing: %s" % (
        len(patched), renamed or "none", missing or "none"))
    print("   objective %.17g" % float(goldens["objective"]), flush=True)
    return manifest


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="all", choices=["all"] + list(SPECS))
    ap.add_argument("--out", default=None, help="output folder (default: <this folder>/<model>; "
                                                "required for resnet18, which is not committed)")
    ap.add_argument("--fd-entries", type=int, default=16, help="parameter entries for the FD check (0: skip)")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (1: reproducible summation order)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    print("versions: %s" % json.dumps(versions()), flush=True)
    if args.model == "all":
        if args.out:
            ap.error("--out goes with --model")
        for name in COMMITTED:
            make(name, os.path.join(HERE, name), args.fd_entries)
    else:
        if args.model not in COMMITTED and not args.out:
            ap.error("--model %s needs --out DIR (it is not committed)" % args.model)
        make(args.model, args.out or os.path.join(HERE, args.model), args.fd_entries)


if __name__ == "__main__":
    main()
