"""The rules tidy inputs must follow, checked in SQL over whole columns at once.

Three layers of rules, each run only when the one before found nothing:

1. **Values** (one scan per file): names are not blank; counts are non-negative whole numbers
   (``negative``, ``not_whole_number``, ``too_large``, ``missing_value``); ranks are at least 1;
   birth dates are ISO dates.
2. **Keys and references**: no two rows for the same district, station, list and candidate
   (``duplicate_row``); every district, list and candidate of the results is known to the
   candidates file (``unknown_district``, ``unknown_list``, ``candidate_not_on_list``), to the
   totals file and to the seat table; every candidate stands for a community that has a seat in
   their (minor) district (``community_without_seat``, as in Lebanon's Law 44/2017, Annex 1).
3. **Accounting identities** (every ballot is counted once): ballots cast do not exceed the
   registered voters; ``ballots = valid + invalid + blank``; the votes of the lists and
   candidates of a district (or station) add up to its valid ballots, or, where ``valid`` is
   not given, ``votes + invalid + blank = ballots``.

The tidy convention behind the identities: each valid ballot is one vote in exactly one row,
for a list alone (``candidate`` empty) or for one candidate of the list, so a list's total is
its own row plus its candidates' rows; blank and invalid ballots are kept apart, and the law
decides whether blank ballots count (Lebanon's Law 44/2017 art. 99 counts them in the
electoral quotient).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import duckdb

from hemicycle.io.problems import Problem
from hemicycle.io.staging import Layout, StagedFile

_INTEGER = re.compile(r"^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$")
_FLOAT = re.compile(r"^(FLOAT|DOUBLE|REAL)$")
_DECIMAL = re.compile(r"^DECIMAL\(\d+,\s*\d+\)$")
_MAX = "9223372036854775807"


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """A problem found in SQL, placed by record number until rows are known.

    ``message`` may hold ``{related}``: the row of ``related`` (another record of ``role``).
    """

    role: str
    record: int | None
    column: str | None
    rule: str
    message: str
    related: int | None = None


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _blank(c: str) -> str:
    # Comparing with '' first keeps trim() off the common, non-blank values.
    return f"({c} = '' OR (starts_with({c}, ' ') AND trim({c}) = ''))"


def _text_rule(column: str, kind: str, required: bool) -> str | None:
    c = _q(column)
    if kind == "VARCHAR":
        return (
            f"CASE WHEN {c} IS NULL OR {_blank(c)} THEN 'missing_value' END" if required else None
        )
    if _INTEGER.match(kind):
        return f"CASE WHEN {c} IS NULL THEN 'missing_value' END" if required else None
    return "'wrong_type'"


def _count_rule(column: str, kind: str, required: bool, positive: bool) -> str:
    c = _q(column)
    empty = "'missing_value'" if required else "NULL"
    zero = "WHEN {v} = 0 THEN 'not_positive'" if positive else ""
    if kind == "VARCHAR":
        value = f"CAST(trim({c}) AS BIGINT)"
        return (
            f"CASE WHEN {c} IS NULL OR trim({c}) = '' THEN {empty} "
            rf"WHEN regexp_full_match({c}, '\s*[0-9]+\s*') THEN CASE "
            f"WHEN length(ltrim(trim({c}), '0')) > 18 THEN 'too_large' "
            f"{zero.format(v=value)} END "
            rf"WHEN regexp_full_match({c}, '\s*-\s*[0-9]+(\.[0-9]*)?\s*') THEN 'negative' "
            "ELSE 'not_whole_number' END"
        )
    if _INTEGER.match(kind) or _FLOAT.match(kind) or _DECIMAL.match(kind):
        odd = (
            f"WHEN isnan({c}) OR isinf({c}) THEN 'not_whole_number' " if _FLOAT.match(kind) else ""
        )
        fraction = (
            "" if _INTEGER.match(kind) else f"WHEN {c} <> floor({c}) THEN 'not_whole_number' "
        )
        return (
            f"CASE WHEN {c} IS NULL THEN {empty} {odd}WHEN {c} < 0 THEN 'negative' {fraction}"
            f"WHEN {c} > {_MAX} THEN 'too_large' {zero.format(v=c)} END"
        )
    return "'wrong_type'"


def _date_rule(column: str, kind: str) -> str:
    c = _q(column)
    if kind == "VARCHAR":
        return (
            f"CASE WHEN {c} IS NULL OR trim({c}) = '' THEN NULL "
            f"WHEN regexp_full_match(trim({c}), '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
            f"AND TRY_CAST(trim({c}) AS DATE) IS NOT NULL THEN NULL ELSE 'not_a_date' END"
        )
    if kind == "DATE" or kind.startswith("TIMESTAMP"):
        return "NULL"
    return "'wrong_type'"


_MESSAGES = {
    "missing_value": "{column} must not be empty",
    "negative": "{column} must not be negative (got {value})",
    "not_whole_number": "{column} must be a whole number (got {value})",
    "too_large": "{column} is too large to be a count (got {value})",
    "not_positive": "{column} must be at least 1 (got {value})",
    "not_a_date": "{column} must be a date written YYYY-MM-DD (got {value})",
    "wrong_type": "{column} holds values of type {kind}",
}


def _value_rules(staged: StagedFile) -> list[tuple[str, str]]:
    layout = staged.layout
    rules: list[tuple[str, str]] = []
    for column, kind in staged.columns.items():
        rule: str | None
        if column in layout.text or column in layout.optional_text:
            rule = _text_rule(column, kind, column in layout.text)
        elif column in layout.dates:
            rule = _date_rule(column, kind)
        else:
            rule = _count_rule(column, kind, column in layout.counts, column in layout.positive)
        if rule is not None:
            rules.append((column, rule))
    return rules


def check_values(con: duckdb.DuckDBPyConnection, staged: StagedFile, limit: int) -> list[Finding]:
    """Every value of one staged file against its column's rule, in one scan."""
    rules = _value_rules(staged)
    if not rules:
        return []
    inner = ", ".join(f"{rule} AS _r{i}" for i, (_, rule) in enumerate(rules))
    columns = ", ".join(_q(column) for column, _ in rules)
    outer = ", ".join(
        f"_r{i}, CAST({_q(column)} AS VARCHAR)" for i, (column, _) in enumerate(rules)
    )
    broken = " OR ".join(f"_r{i} IS NOT NULL" for i in range(len(rules)))
    found = con.execute(
        f"SELECT _record, {outer} FROM (SELECT _record, {columns}, {inner} FROM {staged.table}) "
        f"WHERE {broken} ORDER BY _record LIMIT {int(limit)}"
    ).fetchall()
    findings: list[Finding] = []
    for row in found:
        for i, (column, _) in enumerate(rules):
            rule, value = row[1 + 2 * i], row[2 + 2 * i]
            if rule is None:
                continue
            message = _MESSAGES[rule].format(
                column=column, value=repr(value), kind=staged.columns[column]
            )
            record = None if rule == "wrong_type" else int(row[0])
            findings.append(
                Finding(role=staged.role, record=record, column=column, rule=rule, message=message)
            )
            if rule == "wrong_type":
                return findings
    return findings[:limit]


def _clean_column(column: str, layout: Layout, kind: str | None) -> str:
    c = _q(column)
    if kind is None:
        cast = "DATE" if column in layout.dates else "VARCHAR"
        if column in layout.counts or column in layout.optional_counts:
            cast = "BIGINT"
        return f"CAST(NULL AS {cast}) AS {c}"
    if column in layout.text:
        return f"CAST({c} AS VARCHAR) AS {c}"
    if column in layout.optional_text:
        if kind != "VARCHAR":
            return f"CAST({c} AS VARCHAR) AS {c}"
        return f"CASE WHEN {_blank(c)} THEN NULL ELSE {c} END AS {c}"
    if column in layout.dates:
        if kind == "VARCHAR":
            return f"CAST(NULLIF(trim({c}), '') AS DATE) AS {c}"
        return f"CAST({c} AS DATE) AS {c}"
    if kind == "VARCHAR":
        return f"CAST(NULLIF(trim({c}), '') AS BIGINT) AS {c}"
    return f"CAST({c} AS BIGINT) AS {c}"


def create_clean_view(con: duckdb.DuckDBPyConnection, staged: StagedFile) -> None:
    """The view ``clean_<role>``: every column of the layout, typed, once the values passed.

    A view, not a copy: each later pass reads the staged values again, which costs less than
    holding a second copy of a million rows (Parquet's dictionary-encoded names, above all,
    are hashed once per distinct name when read where they lie).
    """
    layout = staged.layout
    columns = ", ".join(
        _clean_column(column, layout, staged.columns.get(column)) for column in layout.columns
    )
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW clean_{staged.role} AS SELECT _record, {columns} "
        f"FROM {staged.table}"
    )


def summarise_results(con: duckdb.DuckDBPyConnection) -> None:
    """Sum the results once per district, list and candidate and once per district and station.

    Views ``result_keys`` and ``result_stations`` (with the first record and the number of
    rows of each) then stand for the results in every check against the other files, which
    keeps those checks to thousands of rows however many stations there are.
    """
    con.execute(
        "CREATE OR REPLACE TEMP TABLE result_groups AS SELECT GROUPING(station) AS by_candidate, "
        "district, station, list, candidate, min(_record) AS _record, count(*) AS n, "
        "sum(votes) AS votes FROM clean_results "
        "GROUP BY GROUPING SETS ((district, list, candidate), (district, station))"
    )
    con.execute(
        "CREATE OR REPLACE TEMP VIEW result_keys AS SELECT district, list, candidate, _record, "
        "n, votes FROM result_groups WHERE by_candidate = 1"
    )
    con.execute(
        "CREATE OR REPLACE TEMP VIEW result_stations AS SELECT district, station, _record, n, "
        "votes FROM result_groups WHERE by_candidate = 0"
    )


def check_keys(con: duckdb.DuckDBPyConnection, staged: StagedFile, limit: int) -> list[Finding]:
    """No two rows with the same key (and, for candidates, no two with one rank on a list)."""
    layout = staged.layout
    findings = _duplicates(con, staged, layout.key, "duplicate_row", limit)
    if staged.role == "candidates" and "rank" in staged.columns:
        findings += _duplicates(
            con,
            staged,
            ("district", "list", "rank"),
            "duplicate_rank",
            limit,
            where="rank IS NOT NULL",
        )
    return findings


def _duplicates(
    con: duckdb.DuckDBPyConnection,
    staged: StagedFile,
    key: Sequence[str],
    rule: str,
    limit: int,
    where: str = "TRUE",
) -> list[Finding]:
    view = f"clean_{staged.role}"
    columns = ", ".join(_q(column) for column in key)
    # A hash of each key decides cheaply that there is no duplicate (equal keys hash alike);
    # only when two hashes meet are the keys themselves compared.
    clash = con.execute(
        f"SELECT count(*) - count(DISTINCT hash({columns})) FROM {view} WHERE {where}"
    ).fetchone()
    if not clash or not clash[0]:
        return []
    found = con.execute(
        f"SELECT _record, first FROM (SELECT _record, min(_record) OVER (PARTITION BY {columns}) "
        f"AS first FROM {view} WHERE {where}) WHERE _record <> first ORDER BY _record "
        f"LIMIT {int(limit)}"
    ).fetchall()
    present = [column for column in key if column in staged.columns]
    words = (
        " and ".join(present)
        if len(present) < 3
        else ", ".join(present[:-1]) + " and " + present[-1]
    )
    return [
        Finding(
            role=staged.role,
            record=int(record),
            column=present[-1],
            rule=rule,
            message=f"the same {words} as row {{related}}",
            related=int(first),
        )
        for record, first in found
    ]


def _grouped(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    role: str,
    column: str,
    rule: str,
    describe: Callable[..., str],
    limit: int,
) -> list[Finding]:
    """Findings from a query returning ``(first record, count, *values)`` per bad value."""
    rows = con.execute(f"{sql} ORDER BY 1 LIMIT {int(limit)}").fetchall()
    findings = []
    for first, count, *values in rows:
        text = describe(*values)
        if count > 1:
            text += f" ({count:,} rows, the first shown)"
        findings.append(
            Finding(role=role, record=int(first), column=column, rule=rule, message=text)
        )
    return findings


def check_references(
    con: duckdb.DuckDBPyConnection, files: Mapping[str, StagedFile], limit: int
) -> list[Finding]:
    """Districts, lists, candidates, stations and communities that the other files do not know.

    Runs after :func:`summarise_results`.
    """
    findings: list[Finding] = []
    if "candidates" in files:
        findings += _check_candidate_references(con, files["candidates"].name, limit)
    if "totals" in files:
        findings += _check_totals_references(con, files, limit)
    if "seats" in files:
        findings += _check_seat_references(con, files, limit)
    return findings


def _check_candidate_references(
    con: duckdb.DuckDBPyConnection, name: str, limit: int
) -> list[Finding]:
    known_district = "EXISTS (SELECT 1 FROM clean_candidates c WHERE c.district = k.district)"
    known_list = (
        "EXISTS (SELECT 1 FROM clean_candidates c WHERE c.district = k.district "
        "AND c.list = k.list)"
    )
    findings = _grouped(
        con,
        f"SELECT min(_record), sum(n), district FROM result_keys k WHERE NOT {known_district} "
        "GROUP BY district",
        "results",
        "district",
        "unknown_district",
        lambda d: f"district {d!r} has no candidates in {name}",
        limit,
    )
    findings += _grouped(
        con,
        f"SELECT min(_record), sum(n), list, district FROM result_keys k WHERE {known_district} "
        f"AND NOT {known_list} GROUP BY district, list",
        "results",
        "list",
        "unknown_list",
        lambda party, d: f"list {party!r} has no candidates in district {d!r} in {name}",
        limit,
    )
    findings += _grouped(
        con,
        "SELECT _record, n, candidate, list, district, (SELECT list(DISTINCT c.list ORDER BY "
        "c.list) FROM clean_candidates c WHERE c.district = k.district AND "
        "c.candidate = k.candidate) FROM result_keys k WHERE candidate IS NOT NULL AND "
        f"{known_list} AND NOT EXISTS (SELECT 1 FROM clean_candidates c WHERE "
        "c.district = k.district AND c.list = k.list AND c.candidate = k.candidate)",
        "results",
        "candidate",
        "candidate_not_on_list",
        lambda person, party, d, elsewhere: (
            f"candidate {person!r} is not on list {party!r} in district {d!r} in {name}"
            + (f" (it stands for {', '.join(map(repr, elsewhere))})" if elsewhere else "")
        ),
        limit,
    )
    return findings


def _check_totals_references(
    con: duckdb.DuckDBPyConnection, files: Mapping[str, StagedFile], limit: int
) -> list[Finding]:
    results, totals = files["results"].name, files["totals"].name
    findings = _grouped(
        con,
        "SELECT min(_record), sum(n), district FROM result_stations r WHERE NOT EXISTS "
        "(SELECT 1 FROM clean_totals t WHERE t.district = r.district) GROUP BY district",
        "results",
        "district",
        "unknown_district",
        lambda d: f"district {d!r} has no row in {totals}",
        limit,
    )
    findings += _grouped(
        con,
        "SELECT min(_record), count(*), district FROM clean_totals t WHERE NOT EXISTS "
        "(SELECT 1 FROM result_stations r WHERE r.district = t.district) GROUP BY district",
        "totals",
        "district",
        "unknown_district",
        lambda d: f"district {d!r} has no results in {results}",
        limit,
    )
    if files["results"].station_level and files["totals"].station_level:
        findings += _grouped(
            con,
            "SELECT _record, n, station, district FROM result_stations r WHERE "
            "EXISTS (SELECT 1 FROM clean_totals t WHERE t.district = r.district) AND NOT EXISTS "
            "(SELECT 1 FROM clean_totals t WHERE t.district = r.district AND "
            "t.station IS NOT DISTINCT FROM r.station)",
            "results",
            "station",
            "unknown_station",
            lambda station, d: f"station {station!r} of district {d!r} has no row in {totals}",
            limit,
        )
    return findings


def _check_seat_references(
    con: duckdb.DuckDBPyConnection, files: Mapping[str, StagedFile], limit: int
) -> list[Finding]:
    seats = files["seats"].name
    findings: list[Finding] = []
    sources = {
        "results": ("result_stations", "sum(n)"),
        "candidates": ("clean_candidates", "count(*)"),
    }
    for role, (table, rows) in sources.items():
        if role in files:
            findings += _grouped(
                con,
                f"SELECT min(_record), {rows}, district FROM {table} x WHERE NOT EXISTS "
                "(SELECT 1 FROM clean_seats s WHERE s.district = x.district) GROUP BY district",
                role,
                "district",
                "unknown_district",
                lambda d: f"district {d!r} has no seats in {seats}",
                limit,
            )
    if "candidates" not in files:
        return findings
    findings += _grouped(
        con,
        "SELECT min(_record), count(*), minor_district, district FROM clean_candidates c "
        "WHERE EXISTS (SELECT 1 FROM clean_seats s WHERE s.district = c.district AND "
        "s.minor_district IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM clean_seats s WHERE "
        "s.district = c.district AND s.minor_district IS NOT DISTINCT FROM c.minor_district) "
        "GROUP BY district, minor_district",
        "candidates",
        "minor_district",
        "unknown_minor_district",
        lambda minor, d: f"minor district {minor!r} of district {d!r} has no seats in {seats}",
        limit,
    )
    if "community" in files["seats"].columns:
        # Annex 1 of Law 44/2017: each seat belongs to a community in a (minor) district; a
        # candidate stands for one of them.
        unseated = con.execute(
            "SELECT _record, community, district, minor_district FROM clean_candidates c "
            "WHERE EXISTS (SELECT 1 FROM clean_seats s WHERE s.district = c.district) "
            "AND NOT EXISTS (SELECT 1 FROM clean_seats s WHERE s.district = c.district AND "
            "(s.minor_district IS NULL OR s.minor_district IS NOT DISTINCT FROM c.minor_district) "
            "AND s.community IS NOT DISTINCT FROM c.community AND s.seats > 0) "
            f"ORDER BY _record LIMIT {int(limit)}"
        ).fetchall()
        for record, community, district, minor in unseated:
            where = f"district {district!r}" + (f", minor district {minor!r}" if minor else "")
            who = (
                f"community {community!r}"
                if community is not None
                else "candidates of no community"
            )
            findings.append(
                Finding(
                    role="candidates",
                    record=int(record),
                    column="community",
                    rule="community_without_seat",
                    message=f"{seats} gives no seat to {who} in {where}",
                )
            )
    return findings


def check_identities(
    con: duckdb.DuckDBPyConnection, files: Mapping[str, StagedFile], limit: int
) -> list[Finding]:
    """The accounting identities of the totals and of the votes against the totals.

    Runs after :func:`summarise_results`.
    """
    if "totals" not in files:
        return []
    findings = _grouped_rows(
        con,
        "SELECT _record, ballots, registered FROM clean_totals WHERE ballots > registered",
        "ballots",
        "ballots_exceed_registered",
        "{0} ballots but only {1} registered voters",
        limit,
    )
    findings += _grouped_rows(
        con,
        "SELECT _record, ballots, valid, invalid, coalesce(blank, 0), "
        "valid + invalid + coalesce(blank, 0) FROM clean_totals WHERE ballots IS NOT NULL AND "
        "valid IS NOT NULL AND invalid IS NOT NULL AND "
        "ballots <> valid + invalid + coalesce(blank, 0)",
        "ballots",
        "ballots_do_not_add_up",
        "{0} ballots but valid {1} + invalid {2} + blank {3} = {4}",
        limit,
    )
    both = files["results"].station_level and files["totals"].station_level
    key = "district, station" if both else "district"
    # Totals of a key (a station, or a district whose rows are summed); a count that is missing
    # from any row of the key leaves the sum unknown, and an unknown sum is not checked.
    totals = (
        f"SELECT {key}, min(_record) AS _record, "
        + ", ".join(
            f"CASE WHEN count({c}) = count(*) THEN sum({c}) END AS {c}"
            for c in ("ballots", "valid", "invalid", "blank")
        )
        + f" FROM clean_totals GROUP BY {key}"
    )
    votes = f"SELECT {key}, sum(votes) AS votes FROM result_stations GROUP BY {key}"
    join = " AND ".join(f"t.{c} IS NOT DISTINCT FROM v.{c}" for c in key.split(", "))
    results = files["results"].name
    findings += _grouped_rows(
        con,
        f"SELECT t._record, t.valid, coalesce(v.votes, 0) FROM ({totals}) t LEFT JOIN "
        f"({votes}) v ON {join} WHERE t.valid IS NOT NULL AND t.valid <> coalesce(v.votes, 0)",
        "valid",
        "votes_do_not_add_up",
        "{0} valid ballots but the votes in " + results + " add up to {1}",
        limit,
    )
    findings += _grouped_rows(
        con,
        f"SELECT t._record, t.ballots, coalesce(v.votes, 0), t.invalid, coalesce(t.blank, 0), "
        f"coalesce(v.votes, 0) + t.invalid + coalesce(t.blank, 0) FROM ({totals}) t LEFT JOIN "
        f"({votes}) v ON {join} WHERE t.valid IS NULL AND t.ballots IS NOT NULL AND "
        "t.invalid IS NOT NULL AND t.ballots <> coalesce(v.votes, 0) + t.invalid + "
        "coalesce(t.blank, 0)",
        "ballots",
        "votes_do_not_add_up",
        "{0} ballots but votes {1} + invalid {2} + blank {3} = {4}",
        limit,
    )
    return findings


def _grouped_rows(
    con: duckdb.DuckDBPyConnection, sql: str, column: str, rule: str, message: str, limit: int
) -> list[Finding]:
    rows = con.execute(f"{sql} ORDER BY 1 LIMIT {int(limit)}").fetchall()
    return [
        Finding(
            role="totals",
            record=int(row[0]),
            column=column,
            rule=rule,
            message=message.format(*[f"{v:,}" for v in row[1:]]),
        )
        for row in rows
    ]


def place(findings: Sequence[Finding], files: Mapping[str, StagedFile]) -> list[Problem]:
    """Problems in file and row order, with record numbers turned into spreadsheet rows."""
    rows: dict[str, dict[int, int]] = {}
    for role, staged in files.items():
        records = [f.record for f in findings if f.role == role and f.record is not None]
        records += [f.related for f in findings if f.role == role and f.related is not None]
        rows[role] = staged.rows_of(records)
    order = list(files)
    problems = []
    for finding in sorted(findings, key=lambda f: (order.index(f.role), f.record or 0)):
        where = rows[finding.role]
        message = finding.message
        if finding.related is not None:
            message = message.replace("{related}", str(where[finding.related]))
        problems.append(
            Problem(
                file=files[finding.role].name,
                row=None if finding.record is None else where[finding.record],
                column=finding.column,
                rule=finding.rule,
                message=message,
            )
        )
    return problems


__all__ = [
    "Finding",
    "check_identities",
    "check_keys",
    "check_references",
    "check_values",
    "create_clean_view",
    "place",
    "summarise_results",
]
