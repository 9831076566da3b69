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

import json
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
        if kind == '"NULL"':
            # No value at all: pandas writes an all-empty column to Parquet with type null.
            required = column in layout.text or column in layout.counts
            rule = "'missing_value'" if required else None
        elif column in layout.text or column in layout.optional_text:
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


def create_clean(con: duckdb.DuckDBPyConnection, staged: StagedFile) -> None:
    """``clean_<role>``: every column of the layout, typed, once the values passed.

    The results are a view, not a copy: each later pass reads the staged values again, which
    costs less than holding a second copy of a million rows (Parquet's dictionary-encoded
    names, above all, are hashed once per distinct name when read where they lie). The other
    files are small and are copied, so that the checks against them are planned on plain
    tables.
    """
    layout = staged.layout
    columns = ", ".join(
        _clean_column(column, layout, staged.columns.get(column)) for column in layout.columns
    )
    kind = "VIEW" if staged.role == "results" else "TABLE"
    con.execute(
        f"CREATE OR REPLACE TEMP {kind} clean_{staged.role} AS SELECT _record, {columns} "
        f"FROM {staged.table}"
    )


def summarise_results(con: duckdb.DuckDBPyConnection) -> None:
    """Sum the results once per district, list and candidate and once per district and station.

    Tables ``result_keys`` and ``result_stations`` (with the first record and the number of
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
        "CREATE OR REPLACE TEMP TABLE result_keys AS SELECT district, list, candidate, _record, "
        "n, votes FROM result_groups WHERE by_candidate = 1"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE result_stations AS SELECT district, station, _record, n, "
        "votes FROM result_groups WHERE by_candidate = 0"
    )
    con.execute("DROP TABLE result_groups")


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


@dataclass(frozen=True, slots=True, kw_only=True)
class _Check:
    """A rule checked in SQL: ``sql`` selects ``_first, _count, _values`` per bad value.

    ``_first`` is the first record with the bad value, ``_count`` how many records hold it and
    ``_values`` a JSON array of what ``describe`` puts in the message.
    """

    sql: str
    role: str
    column: str
    rule: str
    describe: Callable[..., str]


def _run(con: duckdb.DuckDBPyConnection, checks: Sequence[_Check], limit: int) -> list[Finding]:
    """Run many checks as one query (each kept to ``limit`` findings)."""
    if not checks:
        return []
    union = " UNION ALL ".join(
        f"(SELECT {i} AS _check, _first, _count, CAST(_values AS VARCHAR) AS _values "
        f"FROM ({check.sql}) ORDER BY _first LIMIT {int(limit)})"
        for i, check in enumerate(checks)
    )
    findings = []
    found = con.execute(f"SELECT * FROM ({union}) ORDER BY _check, _first").fetchall()
    for index, first, count, values in found:
        check = checks[index]
        text = check.describe(*json.loads(values))
        if count > 1:
            text += f" ({count:,} rows, the first shown)"
        findings.append(
            Finding(
                role=check.role,
                record=int(first),
                column=check.column,
                rule=check.rule,
                message=text,
            )
        )
    return findings


def check_references(
    con: duckdb.DuckDBPyConnection, files: Mapping[str, StagedFile], limit: int
) -> list[Finding]:
    """Districts, lists, candidates, stations and communities that the other files do not know.

    Runs after :func:`summarise_results`.
    """
    checks: list[_Check] = []
    if "candidates" in files:
        checks += _candidate_references(files["candidates"].name)
    if "totals" in files:
        checks += _totals_references(files)
    if "seats" in files:
        checks += _seat_references(files)
    return _run(con, checks, limit)


def _candidate_references(name: str) -> list[_Check]:
    known_district = "EXISTS (SELECT 1 FROM clean_candidates c WHERE c.district = k.district)"
    known_list = (
        "EXISTS (SELECT 1 FROM clean_candidates c WHERE c.district = k.district "
        "AND c.list = k.list)"
    )
    return [
        _Check(
            sql="SELECT min(_record) AS _first, sum(n) AS _count, json_array(district) AS _values "
            f"FROM result_keys k WHERE NOT {known_district} GROUP BY district",
            role="results",
            column="district",
            rule="unknown_district",
            describe=lambda d: f"district {d!r} has no candidates in {name}",
        ),
        _Check(
            sql="SELECT min(_record) AS _first, sum(n) AS _count, json_array(list, district) "
            f"AS _values FROM result_keys k WHERE {known_district} AND NOT {known_list} "
            "GROUP BY district, list",
            role="results",
            column="list",
            rule="unknown_list",
            describe=lambda party, d: (
                f"list {party!r} has no candidates in district {d!r} in {name}"
            ),
        ),
        _Check(
            sql="SELECT _record AS _first, n AS _count, json_array(candidate, list, district, "
            "(SELECT list(DISTINCT c.list ORDER BY c.list) FROM clean_candidates c "
            "WHERE c.district = k.district AND c.candidate = k.candidate)) AS _values "
            f"FROM result_keys k WHERE candidate IS NOT NULL AND {known_list} AND NOT EXISTS "
            "(SELECT 1 FROM clean_candidates c WHERE c.district = k.district AND "
            "c.list = k.list AND c.candidate = k.candidate)",
            role="results",
            column="candidate",
            rule="candidate_not_on_list",
            describe=lambda person, party, d, elsewhere: (
                f"candidate {person!r} is not on list {party!r} in district {d!r} in {name}"
                + (f" (it stands for {', '.join(map(repr, elsewhere))})" if elsewhere else "")
            ),
        ),
    ]


def _totals_references(files: Mapping[str, StagedFile]) -> list[_Check]:
    results, totals = files["results"].name, files["totals"].name
    checks = [
        _Check(
            sql="SELECT min(_record) AS _first, sum(n) AS _count, json_array(district) AS _values "
            "FROM result_stations r WHERE NOT EXISTS (SELECT 1 FROM clean_totals t "
            "WHERE t.district = r.district) GROUP BY district",
            role="results",
            column="district",
            rule="unknown_district",
            describe=lambda d: f"district {d!r} has no row in {totals}",
        ),
        _Check(
            sql="SELECT min(_record) AS _first, count(*) AS _count, json_array(district) "
            "AS _values FROM clean_totals t WHERE NOT EXISTS (SELECT 1 FROM result_stations r "
            "WHERE r.district = t.district) GROUP BY district",
            role="totals",
            column="district",
            rule="unknown_district",
            describe=lambda d: f"district {d!r} has no results in {results}",
        ),
    ]
    if files["results"].station_level and files["totals"].station_level:
        checks.append(
            _Check(
                sql="SELECT _record AS _first, n AS _count, json_array(station, district) "
                "AS _values FROM result_stations r WHERE EXISTS (SELECT 1 FROM clean_totals t "
                "WHERE t.district = r.district) AND NOT EXISTS (SELECT 1 FROM clean_totals t "
                "WHERE t.district = r.district AND t.station IS NOT DISTINCT FROM r.station)",
                role="results",
                column="station",
                rule="unknown_station",
                describe=lambda station, d: (
                    f"station {station!r} of district {d!r} has no row in {totals}"
                ),
            )
        )
    return checks


def _seat_references(files: Mapping[str, StagedFile]) -> list[_Check]:
    seats = files["seats"].name
    checks: list[_Check] = []
    sources = {
        "results": ("result_stations", "sum(n)"),
        "candidates": ("clean_candidates", "count(*)"),
    }
    for role, (table, rows) in sources.items():
        if role in files:
            checks.append(
                _Check(
                    sql=f"SELECT min(_record) AS _first, {rows} AS _count, json_array(district) "
                    f"AS _values FROM {table} x WHERE NOT EXISTS (SELECT 1 FROM clean_seats s "
                    "WHERE s.district = x.district) GROUP BY district",
                    role=role,
                    column="district",
                    rule="unknown_district",
                    describe=lambda d: f"district {d!r} has no seats in {seats}",
                )
            )
    if "candidates" not in files:
        return checks
    checks.append(
        _Check(
            sql="SELECT min(_record) AS _first, count(*) AS _count, "
            "json_array(minor_district, district) AS _values FROM clean_candidates c "
            "WHERE EXISTS (SELECT 1 FROM clean_seats s WHERE s.district = c.district AND "
            "s.minor_district IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM clean_seats s WHERE "
            "s.district = c.district AND s.minor_district IS NOT DISTINCT FROM c.minor_district) "
            "GROUP BY district, minor_district",
            role="candidates",
            column="minor_district",
            rule="unknown_minor_district",
            describe=lambda minor, d: (
                f"minor district {minor!r} of district {d!r} has no seats in {seats}"
            ),
        )
    )
    if "community" in files["seats"].columns:
        # Annex 1 of Law 44/2017: each seat belongs to a community in a (minor) district; a
        # candidate stands for one of them.
        checks.append(
            _Check(
                sql="SELECT _record AS _first, 1 AS _count, "
                "json_array(community, district, minor_district) AS _values "
                "FROM clean_candidates c WHERE EXISTS (SELECT 1 FROM clean_seats s "
                "WHERE s.district = c.district) AND NOT EXISTS (SELECT 1 FROM clean_seats s "
                "WHERE s.district = c.district AND (s.minor_district IS NULL OR "
                "s.minor_district IS NOT DISTINCT FROM c.minor_district) AND "
                "s.community IS NOT DISTINCT FROM c.community AND s.seats > 0)",
                role="candidates",
                column="community",
                rule="community_without_seat",
                describe=lambda community, district, minor: (
                    f"{seats} gives no seat to "
                    + (
                        f"community {community!r}"
                        if community is not None
                        else "candidates of no community"
                    )
                    + f" in district {district!r}"
                    + (f", minor district {minor!r}" if minor else "")
                ),
            )
        )
    return checks


def _counts(*values: int) -> list[str]:
    return [f"{value:,}" for value in values]


def check_identities(
    con: duckdb.DuckDBPyConnection, files: Mapping[str, StagedFile], limit: int
) -> list[Finding]:
    """The accounting identities of the totals and of the votes against the totals.

    Runs after :func:`summarise_results`.
    """
    if "totals" not in files:
        return []
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
    counted = f"({totals}) t LEFT JOIN ({votes}) v ON {join}"
    results = files["results"].name
    checks = [
        _Check(
            sql="SELECT _record AS _first, 1 AS _count, json_array(ballots, registered) "
            "AS _values FROM clean_totals WHERE ballots > registered",
            role="totals",
            column="ballots",
            rule="ballots_exceed_registered",
            describe=lambda ballots, registered: "{} ballots but only {} registered voters".format(
                *_counts(ballots, registered)
            ),
        ),
        _Check(
            sql="SELECT _record AS _first, 1 AS _count, json_array(ballots, valid, invalid, "
            "coalesce(blank, 0)) AS _values FROM clean_totals WHERE ballots IS NOT NULL AND "
            "valid IS NOT NULL AND invalid IS NOT NULL AND "
            "ballots <> valid + invalid + coalesce(blank, 0)",
            role="totals",
            column="ballots",
            rule="ballots_do_not_add_up",
            describe=lambda ballots, valid, invalid, blank: (
                "{} ballots but valid {} + invalid {} + blank {} = {}".format(
                    *_counts(ballots, valid, invalid, blank, valid + invalid + blank)
                )
            ),
        ),
        _Check(
            sql="SELECT t._record AS _first, 1 AS _count, json_array(t.valid, "
            f"coalesce(v.votes, 0)) AS _values FROM {counted} WHERE t.valid IS NOT NULL AND "
            "t.valid <> coalesce(v.votes, 0)",
            role="totals",
            column="valid",
            rule="votes_do_not_add_up",
            describe=lambda valid, cast: "{} valid ballots but the votes in {} add up to {}".format(
                f"{valid:,}", results, f"{cast:,}"
            ),
        ),
        _Check(
            sql="SELECT t._record AS _first, 1 AS _count, json_array(t.ballots, "
            f"coalesce(v.votes, 0), t.invalid, coalesce(t.blank, 0)) AS _values FROM {counted} "
            "WHERE t.valid IS NULL AND t.ballots IS NOT NULL AND t.invalid IS NOT NULL AND "
            "t.ballots <> coalesce(v.votes, 0) + t.invalid + coalesce(t.blank, 0)",
            role="totals",
            column="ballots",
            rule="votes_do_not_add_up",
            describe=lambda ballots, cast, invalid, blank: (
                "{} ballots but votes {} + invalid {} + blank {} = {}".format(
                    *_counts(ballots, cast, invalid, blank, cast + invalid + blank)
                )
            ),
        ),
    ]
    return _run(con, checks, limit)


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
    "create_clean",
    "place",
    "summarise_results",
]
