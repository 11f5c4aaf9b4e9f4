"""File objects (PhotoSize, Document, ...) as the Bot API shows them in messages."""

from __future__ import annotations

from typing import Any

from sandbox.emulator.records import StoredFile

PHOTO_SIZE_STEPS = (90, 320, 800, 1280, 2560)  # longest side of each thumbnail Telegram makes


def file_object(stored: StoredFile, *, file_name: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
    }
    if file_name or stored.file_name:
        result["file_name"] = file_name or stored.file_name
    if stored.mime_type:
        result["mime_type"] = stored.mime_type
    return result


def media_fields(kind: str, stored: StoredFile) -> dict[str, Any]:
    """The Message fields for a photo or document."""
    if kind == "photo":
        return {"photo": photo_sizes(stored)}
    return {"document": file_object(stored)}


def photo_sizes(stored: StoredFile) -> list[dict[str, Any]]:
    """PhotoSize list like Telegram's: thumbnails up to the original, smallest first.

    Thumbnails share the original's bytes (the emulator does not resize); their ids are the
    original's id plus a suffix, which the store resolves, and the last entry is the original.
    """
    width, height = stored.width or 0, stored.height or 0
    longest = max(width, height, 1)
    sizes: list[dict[str, Any]] = []
    for step in PHOTO_SIZE_STEPS:
        if step >= longest:
            break
        scale = step / longest
        sizes.append(
            {
                "file_id": f"{stored.file_id}_{step}",
                "file_unique_id": f"{stored.file_unique_id}_{step}",
                "width": max(1, round(width * scale)),
                "height": max(1, round(height * scale)),
                "file_size": max(1, round(stored.size * scale * scale)),
            }
        )
    sizes.append(
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": width,
            "height": height,
            "file_size": stored.size,
        }
    )
    return sizes
