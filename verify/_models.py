"""Which :class:`derive.Model` a claim or quantity id belongs to, by its id prefix.

A claim module (the project's or a user's) calls ``register_model("user", MODEL)`` once; every
claim and ``eval`` quantity whose id starts with ``user.`` then takes its parameters' meanings,
units and allowed ranges from the model's :class:`derive.Parameter` declarations.
"""

from __future__ import annotations

from derive import Model, Parameter

from ._registry import tracked_registry

__all__ = ["model_for", "model_parameter", "register_model", "registered_models"]

# tracked: a claims file that is edited and reloaded binds its prefix again
_MODELS: dict[str, Model] = tracked_registry({})


def register_model(prefix: str, model: Model) -> Model:
    """Declare that ids ``<prefix>.*`` use ``model``'s parameters (re-registering the same model is a no-op)."""
    if "." in prefix or not prefix:
        raise ValueError(f"a model prefix is the part of an id before the dot, got {prefix!r}")
    old = _MODELS.get(prefix)
    if old is not None and old is not model:
        raise ValueError(f"prefix {prefix!r} is already bound to model {old.name!r}")
    _MODELS[prefix] = model
    return model


def model_for(item_id: str) -> Model | None:
    """The model bound to the prefix of ``item_id`` (``"sharma.qfi"`` -> prefix ``sharma``), if any."""
    return _MODELS.get(item_id.split(".", 1)[0])


def model_parameter(item_id: str, name: str) -> Parameter | None:
    """The declaration of parameter ``name`` in the model of ``item_id``, if it declares one."""
    m = model_for(item_id)
    if m is None:
        return None
    try:
        return m.parameter(name)
    except KeyError:
        return None


def registered_models() -> dict[str, Model]:
    return dict(_MODELS)
