"""Setting a hub up says what went wrong, in words a coordinator can act on (no hub is started here)."""

from __future__ import annotations

import shutil

import pytest


@pytest.mark.skipif(not shutil.which("npm"), reason="npm is not installed")
def test_a_proxy_npm_cannot_install_is_named_with_npm_s_own_words(tmp_path, monkeypatch):
    import deploy.hub as hub

    monkeypatch.setattr(hub, "CHP_VERSION", "0.0.0-no-such-version")
    settings = hub.HubSettings(root=tmp_path / "srv", envs=tmp_path / "opt")
    with pytest.raises(RuntimeError) as err:
        hub.install_proxy(settings, say=lambda m: None)
    message = str(err.value)
    assert "configurable-http-proxy 0.0.0-no-such-version" in message
    tail = message.split(":\n", 1)[1].strip()
    assert tail and ("npm" in tail.lower() or "error" in tail.lower()), f"npm's reason is said: {message!r}"
