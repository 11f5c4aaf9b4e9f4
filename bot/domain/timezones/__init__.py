"""Find a user's IANA time zone from what they type or share.

Plain, typed domain code: no Telegram, no logging, no wall clock, no files. The place table
(``bot/data/places.tsv.gz``, built by ``scripts/build_places.py`` from GeoNames) and the
location polygons (``timezonefinder``) are loaded at the edge by
:class:`bot.services.zone_lookup.ZoneLookup` and passed in; the only I/O left here is the zone
files of ``tzdata`` through :mod:`zoneinfo`.

The package, one responsibility a module:

* :mod:`~bot.domain.timezones.results` — what a lookup answers (``ZoneFound`` …);
* :mod:`~bot.domain.timezones.names` — folding names to index keys;
* :mod:`~bot.domain.timezones.zone_names` — IANA names, UTC words, offsets, abbreviations,
  flags, offset labels;
* :mod:`~bot.domain.timezones.place_table` — the place table and its candidates;
* :mod:`~bot.domain.timezones.fuzzy` — the close-match index for typos;
* :mod:`~bot.domain.timezones.matching` — :func:`resolve_zone_text` and the ambiguity rule;
* :mod:`~bot.domain.timezones.location` — the zone at a shared location.

What :func:`~bot.domain.timezones.matching.resolve_zone_text` understands, tried in this order:

1. A flag emoji (🇩🇪) — the country.
2. ``UTC``/``GMT``/``Z``, fixed offsets (``UTC+2``, ``GMT-05:00``, ``+0530``): whole hours map to
   ``Etc/GMT∓N`` (tz's inverted sign; labelled ``UTC+02:00``), the usual half/quarter hours to a
   zone that uses them (``+05:30`` → ``Asia/Kolkata``); other offsets are not found. Common
   abbreviations (``EST``, ``CET``, ``IST``…) map to the zone people mean by them (``EST`` →
   ``America/New_York``, not the fixed ``EST`` zone; ``IST`` and ``MST`` ask).
3. IANA names in any case, with spaces for underscores, including old aliases, which are returned
   under their current name (``asia/calcutta`` → ``Asia/Kolkata``, ``US/Eastern`` →
   ``America/New_York``). Country-specific links such as ``Europe/Amsterdam`` are kept.
4. Place names — cities of 15 000+ people, countries, US states, Canadian provinces, Australian
   states, curated aliases (NYC, LA, UK, USA, Holland…) — compared after folding case, accents
   and punctuation (``São Paulo`` = ``sao paulo``, ``St. Petersburg`` = ``Saint Petersburg``).
   Cities of 50 000+ people are also found by their Latin-script alternate names (``München``,
   ``Cologne``, ``Bombay``). Then ISO country codes and state/province codes (``DE``, ``TX``).
5. ``City, Qualifier[, Qualifier]`` and ``City Qualifier`` where a qualifier is a country, state
   or province, by name or code: ``Portland, Oregon``, ``Paris TX``, ``London, UK``. When no
   city of that name lies there (a small town), the comma form falls back to the qualifier
   (``Smalltown, Germany`` → Germany). Unknown qualifiers (``Berlin, Mitte``) are ignored.
6. A close-match search for typos (``Berln``, ``Lndon``): optimal-string-alignment distance ≤ 1
   for 4–7 characters, ≤ 2 for 8+, keeping the matches at the smallest distance. It resolves only
   when one place is clearly meant (the dominance rule below, against places in other zones) and
   that place has :data:`CLOSE_MATCH_MIN_WEIGHT` (100 000) people or is a region; otherwise the
   candidates become "did you mean" suggestions.
7. Filler words around a name (``I live in Berlin``, ``Berlin time``).

Anything else — garbage, emoji, non-Latin script, over 120 characters — is :class:`ZoneNotFound`
with up to five suggestions (looser close matches and names starting with the text).

**Ambiguity rule.** Every match is a candidate with a weight: a city's population (divided by
:data:`ALTERNATE_NAME_PENALTY`, 10, when matched by an alternate name, so ``Paris`` is not
``Parys``), or a country's or state's population in that zone. Candidates are grouped by place
(a zone within one country and, for the US, Canada and Australia, one state or province), each
place keeping its heaviest candidate: Springfield, Illinois and Springfield, Missouri are two
places in one zone, the city and the state of New York one place. One place →
:class:`ZoneFound`. A country or state that spans several zones always gives
:class:`ZoneAmbiguous` (``USA``, ``Australia``, ``Texas``, ``Spain``).
Otherwise, if the heaviest zone weighs at least :data:`DOMINANCE_RATIO` (20) times the next one,
it is returned directly (``Paris`` → France 86× Texas; ``London`` → England 21× Ontario;
``Amsterdam`` → 41× New York state); the bot names the place it understood (``Atlantis, South
Africa``) with a way to correct it. 20× means at most about one in twenty people using that name
gets a wrong first answer. Else :class:`ZoneAmbiguous` lists the best-known places, heaviest
first: up to 5 same-named places (``Springfield`` → Missouri, Massachusetts, Illinois, Oregon,
Ohio; ``Portland`` → Oregon / Maine / Texas; ``Dublin`` → Ireland 17× California), or up to 8
zones of a country or state, dropping any under 1/1000 of the heaviest. For
countries and states, zones that keep identical UTC offsets through 2026–2027 were merged at build
time and zones with under 1% of the population dropped (all of Argentina is one zone;
``Australia`` offers Sydney/Melbourne, Brisbane, Perth, Adelaide, Darwin).

**Cost.** Measured on the development machine (CPython 3.11.7, x86-64): the first call reads the
690 kB data file in about 0.12 s and raises the process RSS by about 13 MB; the close-match index
is built bucket by bucket as typos need it (about 0.1 s for the first typo, about 2 MB more in
all). After that an exact lookup takes well under a millisecond and a close-match search a few
to ~40 ms. Locations load ``timezonefinder`` on first use (about 0.2 s and
~23 MB RSS more, mostly numpy and its index; polygons stay on disk, ``in_memory=False``).
:meth:`~bot.services.zone_lookup.ZoneLookup.preload` does the loading up front.
"""
