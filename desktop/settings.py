"""Typed settings kept outside the vault. Nothing here may be sensitive: no names, no paths
chosen from client data, no keys."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

import platformdirs

from desktop.storage.files import atomic_write_bytes, ensure_private_dir

APP_NAME = "Confide"
HOME_ENV = "CONFIDE_HOME"
VAULT_ENV = "CONFIDE_VAULT"


def data_dir() -> Path:
    """Per-user data folder, or ``$CONFIDE_HOME/data`` when set (tests, portable installs)."""
    home = os.environ.get(HOME_ENV)
    return Path(home) / "data" if home else Path(platformdirs.user_data_dir(APP_NAME))


def config_dir() -> Path:
    home = os.environ.get(HOME_ENV)
    return Path(home) / "config" if home else Path(platformdirs.user_config_dir(APP_NAME))


def log_dir() -> Path:
    home = os.environ.get(HOME_ENV)
    return Path(home) / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME))


def default_vault_dir() -> Path:
    configured = os.environ.get(VAULT_ENV)
    return Path(configured) if configured else data_dir() / "Vault"


def remembered_vault_dir(settings: Settings) -> Path:
    """$CONFIDE_VAULT, else the folder the app's first run remembered, else the default place."""
    if os.environ.get(VAULT_ENV) or not settings.vault_folder:
        return default_vault_dir()
    return Path(settings.vault_folder)


@dataclass(frozen=True)
class Settings:
    auto_lock_minutes: int = 10
    backup_folder: str = ""
    backup_keep: int = 10
    vault_folder: str = ""  # where the first run put the vault, if not the default place

    def backup_path(self) -> Path:
        return Path(self.backup_folder) if self.backup_folder else data_dir() / "Backups"


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> Settings:
    """Read settings; a missing or unreadable file gives the defaults."""
    try:
        raw = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    defaults = Settings()
    values = {}
    for item in fields(Settings):
        value = raw.get(item.name)
        if isinstance(value, type(getattr(defaults, item.name))) and not isinstance(value, bool):
            values[item.name] = value
    return _clamped(replace(defaults, **values))


def _clamped(settings: Settings) -> Settings:
    return replace(
        settings,
        auto_lock_minutes=min(max(settings.auto_lock_minutes, 1), 240),
        backup_keep=min(max(settings.backup_keep, 1), 100),
    )


def save_settings(settings: Settings) -> None:
    ensure_private_dir(config_dir())
    data = json.dumps(asdict(_clamped(settings)), indent=2).encode("utf-8")
    atomic_write_bytes(settings_path(), data)
