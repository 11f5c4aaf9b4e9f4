"""Bot API methods about the bot itself: identity, commands, descriptions, chats, files."""

from __future__ import annotations

import json
from typing import Any

from sandbox.emulator.api_common import ApiContext, MethodHandler, required_string
from sandbox.emulator.errors import bad_request
from sandbox.emulator.params import RequestParams
from sandbox.emulator.validation import (
    MAX_BOT_NAME_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_SHORT_DESCRIPTION_LENGTH,
    check_length,
    parse_bot_commands,
)

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # getFile refuses bigger files on the cloud server
DEFAULT_SCOPE = '{"type":"default"}'


CHAT_SCOPES = frozenset({"chat", "chat_administrators", "chat_member"})


def scope_key(scope: object) -> str:
    """A canonical key for a BotCommandScope, so equal scopes match however they were sent."""
    if scope is None:
        return DEFAULT_SCOPE
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise bad_request("can't parse BotCommandScope JSON object")
    return json.dumps(scope, sort_keys=True, separators=(",", ":"))


class BotMethods:
    def __init__(self, context: ApiContext) -> None:
        self.ctx = context

    def handlers(self) -> dict[str, MethodHandler]:
        return {
            "getme": self.get_me,
            "getchat": self.get_chat,
            "setmycommands": self.set_my_commands,
            "getmycommands": self.get_my_commands,
            "deletemycommands": self.delete_my_commands,
            "setmydescription": self.set_my_description,
            "getmydescription": self.get_my_description,
            "setmyshortdescription": self.set_my_short_description,
            "getmyshortdescription": self.get_my_short_description,
            "setmyname": self.set_my_name,
            "getmyname": self.get_my_name,
            "getfile": self.get_file,
            "logout": self.log_out,
            "close": self.close,
        }

    async def get_me(self, params: RequestParams) -> dict[str, Any]:
        return {
            **self.ctx.state.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.ctx.settings.group_privacy,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def get_chat(self, params: RequestParams) -> dict[str, Any]:
        state = self.ctx.state
        return state.chat_full_info(state.require_chat(params.raw("chat_id")))

    # -- commands -------------------------------------------------------------------------

    def _command_key(self, params: RequestParams) -> tuple[str, str]:
        scope = params.json("scope", "can't parse BotCommandScope JSON object")
        if isinstance(scope, dict) and scope.get("type") in CHAT_SCOPES:
            # Like Telegram: a chat scope needs a chat the bot knows (the user wrote first).
            self.ctx.state.require_chat(scope.get("chat_id"))
        return scope_key(scope), params.string("language_code") or ""

    async def set_my_commands(self, params: RequestParams) -> bool:
        if "commands" not in params:
            raise bad_request('Parameter "commands" is required')
        commands = parse_bot_commands(params.raw("commands"))
        key = self._command_key(params)
        if commands:
            self.ctx.state.profile.commands[key] = commands
        else:
            self.ctx.state.profile.commands.pop(key, None)
        self.ctx.activity.record("commands", scope=key[0], language_code=key[1])
        return True

    async def get_my_commands(self, params: RequestParams) -> list[dict[str, str]]:
        return list(self.ctx.state.profile.commands.get(self._command_key(params), []))

    async def delete_my_commands(self, params: RequestParams) -> bool:
        key = self._command_key(params)
        self.ctx.state.profile.commands.pop(key, None)
        self.ctx.activity.record("commands", scope=key[0], language_code=key[1])
        return True

    # -- descriptions and name --------------------------------------------------------------

    @staticmethod
    def _store_text(
        store: dict[str, str], params: RequestParams, name: str, limit: int, error: str
    ) -> bool:
        value = check_length(params.string(name) or "", limit, error)
        language = params.string("language_code") or ""
        if value:
            store[language] = value
        else:
            store.pop(language, None)
        return True

    async def set_my_description(self, params: RequestParams) -> bool:
        descriptions = self.ctx.state.profile.descriptions
        return self._store_text(
            descriptions, params, "description", MAX_DESCRIPTION_LENGTH, "description is too long"
        )

    async def get_my_description(self, params: RequestParams) -> dict[str, str]:
        descriptions = self.ctx.state.profile.descriptions
        return {"description": descriptions.get(params.string("language_code") or "", "")}

    async def set_my_short_description(self, params: RequestParams) -> bool:
        return self._store_text(
            self.ctx.state.profile.short_descriptions,
            params,
            "short_description",
            MAX_SHORT_DESCRIPTION_LENGTH,
            "short description is too long",
        )

    async def get_my_short_description(self, params: RequestParams) -> dict[str, str]:
        short = self.ctx.state.profile.short_descriptions
        return {"short_description": short.get(params.string("language_code") or "", "")}

    async def set_my_name(self, params: RequestParams) -> bool:
        return self._store_text(
            self.ctx.state.profile.names, params, "name", MAX_BOT_NAME_LENGTH, "name is too long"
        )

    async def get_my_name(self, params: RequestParams) -> dict[str, str]:
        names = self.ctx.state.profile.names
        default = str(self.ctx.state.bot_user["first_name"])
        return {"name": names.get(params.string("language_code") or "", default)}

    # -- files and session --------------------------------------------------------------------

    async def get_file(self, params: RequestParams) -> dict[str, Any]:
        file_id = required_string(params, "file_id")
        stored = self.ctx.state.find_file(file_id)
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.size > MAX_DOWNLOAD_BYTES:
            raise bad_request("file is too big")
        result: dict[str, Any] = {
            "file_id": file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
        }
        if stored.data is not None:
            result["file_path"] = stored.file_path
        return result

    async def log_out(self, params: RequestParams) -> bool:
        return True

    async def close(self, params: RequestParams) -> bool:
        return True
