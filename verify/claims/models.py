"""The papers' models bound to their claim-id prefixes (units, meanings and ranges of parameters)."""

from __future__ import annotations

from derive.models import sharma2025, sundar2023, tucker2020

from .._models import register_model

register_model("sharma", sharma2025)
register_model("sundar", sundar2023)
register_model("tucker", tucker2020)
