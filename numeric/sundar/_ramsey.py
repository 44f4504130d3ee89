"""The two Ramsey protocols of sundar2023 (Fig. 2) as exact rotations of spin vectors.

Every pulse is ``exp(-i theta n . S_alpha)`` on each ensemble, so in the Heisenberg
picture the read-out ``O = o_A . S_A + o_B . S_B`` stays linear:
``U^dag (v . S) U = (R(n, -theta) v) . S`` with R the rotation matrix (Rodrigues).
Composing the three pulses gives ``O_H = w_A(phi) . S_A + w_B(phi) . S_B``, whose mean
and variance on the evolved sector state are exact (see :mod:`._moments`).

difference (Fig. 2a): exp(-i pi/2 S_{2,+}), exp(-i phi S_{3,-}), exp(-i pi/2 S_{1,+}); O = S_B^z - S_A^z
sum        (Fig. 2b): exp(-i pi/2 S_{2,-}), exp(-i phi S_{3,+}), exp(-i pi/2 S_{1,-}); O = S_B^z + S_A^z

with S_{1,+-} = S_B^x +- S_A^y, S_{2,+-} = S_B^y +- S_A^x, S_{3,+-} = S_B^z +- S_A^z.
"""

from __future__ import annotations

import numpy as np

from .._result import ParameterError

__all__ = ["rotation", "heisenberg_readout", "PROTOCOLS"]

_X, _Y, _Z = np.eye(3)
_H = np.pi / 2

# per protocol: pulses (first applied first) as ((n_A, theta_A), (n_B, theta_B)) with
# theta possibly a function of phi; and the read-out vectors (o_A, o_B) in the S frame.
PROTOCOLS = {
    "difference": {
        "pulses": (
            ((_X, lambda p: _H), (_Y, lambda p: _H)),  # exp(-i pi/2 (S_B^y + S_A^x))
            ((_Z, lambda p: -p), (_Z, lambda p: p)),  # exp(-i phi (S_B^z - S_A^z))
            ((_Y, lambda p: _H), (_X, lambda p: _H)),
        ),  # exp(-i pi/2 (S_B^x + S_A^y))
        "readout": (-_Z, _Z),
        "dtheta": ((0.0, 0.0), (-1.0, 1.0), (0.0, 0.0)),
    },
    "sum": {
        "pulses": (
            ((_X, lambda p: -_H), (_Y, lambda p: _H)),  # exp(-i pi/2 (S_B^y - S_A^x))
            ((_Z, lambda p: p), (_Z, lambda p: p)),  # exp(-i phi (S_B^z + S_A^z))
            ((_Y, lambda p: -_H), (_X, lambda p: _H)),
        ),  # exp(-i pi/2 (S_B^x - S_A^y))
        "readout": (_Z, _Z),
        "dtheta": ((0.0, 0.0), (1.0, 1.0), (0.0, 0.0)),
    },
}


def rotation(n: np.ndarray, theta: float) -> np.ndarray:
    """Rotation matrix by ``theta`` about the unit vector ``n`` (Rodrigues' formula)."""
    n = np.asarray(n, dtype=float)
    K = np.array([[0.0, -n[2], n[1]], [n[2], 0.0, -n[0]], [-n[1], n[0], 0.0]])
    return np.eye(3) + np.sin(theta) * K + (1.0 - np.cos(theta)) * (K @ K)


def _cross(n: np.ndarray) -> np.ndarray:
    return np.array([[0.0, -n[2], n[1]], [n[2], 0.0, -n[0]], [-n[1], n[0], 0.0]])


def heisenberg_readout(
    protocol: str, phi: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Heisenberg-picture read-out vectors and their phi-derivatives, in the paper's S frame.

    Returns ``w_A, w_B, dw_A/dphi, dw_B/dphi`` such that
    ``U^dag O U = w_A . S_A + w_B . S_B``.
    """
    if protocol not in PROTOCOLS:
        raise ParameterError("protocol", "one of " + ", ".join(PROTOCOLS), protocol)
    spec = PROTOCOLS[protocol]
    out = []
    for ens in (0, 1):
        mats, dmats = [], []
        for pulse, dth in zip(spec["pulses"], spec["dtheta"], strict=False):
            n, th = pulse[ens]
            R = rotation(n, -th(phi))
            mats.append(R)
            # d/dphi R(n, -theta(phi)) = -theta'(phi) [n]_x R
            dmats.append(-dth[ens] * _cross(n) @ R)
        o = spec["readout"][ens]
        # O_H = R1 R2 R3 o (first pulse outermost in the Heisenberg picture)
        w = mats[0] @ mats[1] @ mats[2] @ o
        dw = mats[0] @ dmats[1] @ mats[2] @ o
        out.append((w, dw))
    (wA, dwA), (wB, dwB) = out
    return wA, wB, dwA, dwB
