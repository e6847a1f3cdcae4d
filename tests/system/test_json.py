"""-o json (ours alone): every line is valid JSON that validates against the
documented schema (docs/json-schema-v1.json), and carries every value the
text output shows: rendering each object back into the default text line
must give exactly what `-L` (or `-E`) prints for the same table."""

import json
import time
from pathlib import Path

import jsonschema
import pytest

import ctlib
import test_events

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" /
                     "json-schema-v1.json").read_text())
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)


def objects(data: bytes):
    out = []
    for line in data.decode().splitlines():
        obj = json.loads(line)
        errors = sorted(VALIDATOR.iter_errors(obj), key=str)
        assert not errors, f"{line}\n" + "\n".join(e.message for e in errors)
        out.append(obj)
    return out


def tuple_text(t, proto):
    s = f"src={t['src']} dst={t['dst']} "
    if "sport" in t:
        s += f"sport={t['sport']} dport={t['dport']} "
    elif "srckey" in t:
        s += f"srckey={t['srckey']:#x} dstkey={t['dstkey']:#x} "
    elif "type" in t:
        s += f"type={t['type']} code={t['code']} id={t['id']} "
    return s


def counters(t):
    return f"packets={t['packets']} bytes={t['bytes']} " if "packets" in t else ""


def render(o, extended=False, ids=False, ktimestamp=False, labels=False) -> str:
    """The default text line conntrack prints for the entry o describes."""
    s = ""
    if "event" in o:
        s += {"new": "    [NEW] ", "update": " [UPDATE] ",
              "destroy": "[DESTROY] "}[o["event"]]
    if extended:
        s += f"{o['family']:<8} {o['l3protonum']} "
    s += f"{o['proto']:<8} {o['protonum']} "
    if "timeout" in o:
        s += f"{o['timeout']} "
    if "state" in o:
        s += f"{o['state']} "
    s += tuple_text(o["orig"], o["proto"])
    if "zone" in o["orig"]:
        s += f"zone-orig={o['orig']['zone']} "
    s += counters(o["orig"])
    if o.get("unreplied"):
        s += "[UNREPLIED] "
    s += tuple_text(o["reply"], o["proto"])
    if "zone" in o["reply"]:
        s += f"zone-reply={o['reply']['zone']} "
    s += counters(o["reply"])
    st = o.get("status", [])
    if "HW_OFFLOAD" in st:
        s += "[HW_OFFLOAD] "
    elif "OFFLOAD" in st:
        s += "[OFFLOAD] "
    elif "ASSURED" in st:
        s += "[ASSURED] "
    for k in ("mark", "secmark", "secctx", "zone"):
        if k in o:
            s += f"{k}={o[k]} "
    if "delta_time" in o:
        s += f"delta-time={o['delta_time']} "
    if ktimestamp:
        if "start_ns" in o:
            s += f"[start={time.ctime(o['start_ns'] // 10**9)}] "
        if "stop_ns" in o:
            s += f"[stop={time.ctime(o['stop_ns'] // 10**9)}] "
    if "helper" in o:
        s += f"helper={o['helper']} "
    if "use" in o:
        s += f"use={o['use']} "
    if ids and "id" in o:
        s += f"id={o['id']} "
    if labels and "labels" in o:
        names = [l for l in o["labels"] if isinstance(l, str)]
        s += ("labels=" + ",".join(names) if names else "labels") + " "
    s = s[:-1]
    if "portid" in o:
        s += f" [USERSPACE] portid={o['portid']}"
        if "progname" in o:
            s += f" progname={o['progname']}"
    return s


def text_lines(data: bytes):
    return ctlib.normalise(data).decode().splitlines()


def rendered(objs, **kw):
    text = "".join(render(o, **kw) + "\n" for o in objs).encode()
    return text_lines(text)


VARIANTS = [
    ([], {}),
    (["extended"], {"extended": True}),
    (["id"], {"ids": True}),
    (["labels"], {"labels": True}),
    (["extended", "id", "labels"], {"extended": True, "ids": True, "labels": True}),
]


@pytest.mark.parametrize("extra,kw", VARIANTS, ids=lambda v: ",".join(v) if isinstance(v, list) else "")
@pytest.mark.parametrize("fixture", ["loaded", "loaded_acct"])
def test_list_json_carries_the_text(request, binaries, fixture, extra, kw):
    ns = request.getfixturevalue(fixture)
    if fixture == "loaded_acct":
        extra = extra + ["ktimestamp"]
        kw = dict(kw, ktimestamp=True)
    fmt = ",".join(["json"] + extra)
    j = ns.ct(binaries.ours, ["-L", "-o", fmt])
    t = ns.ct(binaries.ours, ["-L"] + (["-o", ",".join(extra)] if extra else []))
    assert j.rc == t.rc == 0
    objs = objects(j.stdout)
    assert len(objs) > 30
    assert rendered(objs, **kw) == text_lines(t.stdout)
    assert ctlib.normalise(j.stderr) == ctlib.normalise(t.stderr)


def test_json_of_other_commands(loaded, binaries):
    ours = binaries.ours
    g = loaded.ct(ours, "-G -s 192.168.1.1 -d 192.168.1.2 -p tcp --sport 1025 "
                        "--dport 80 -o json".split())
    assert g.rc == 0
    [o] = objects(g.stdout)
    assert (o["proto"], o["orig"]["sport"], o["state"]) == ("tcp", 1025, "ESTABLISHED")
    d = loaded.ct(ours, "-D -p udp -o json".split())
    assert d.rc == 0
    deleted = objects(d.stdout)
    assert deleted and all(o["proto"] == "udp" for o in deleted)
    u = loaded.ct(ours, "-U -p tcp -m 77 -o json".split())
    assert u.rc == 0
    assert {o["mark"] for o in objects(u.stdout)} == {77}


@pytest.mark.parametrize("fmt,msg", [
    ("json,xml", "cannot combine json output with xml output"),
    ("xml,json", "cannot combine json output with xml output"),
    ("json,save", "cannot combine save output with any other output type, use -o save only"),
])
def test_json_does_not_combine(netns, binaries, fmt, msg):
    r = netns.ct(binaries.ours, ["-L", "-o", fmt]).norm()
    assert (r.rc, r.stdout) == (1, b"")
    assert r.stderr == f"conntrack v<VERSION> (conntrack-tools): {msg}\n".encode()


def test_events_json_carries_the_text(netns, binaries):
    """-E -o json and -E side by side: same events, same values."""
    def script():
        for line in test_events.SCRIPT:
            netns.ref_must(line.split())

    (j_out, j_err, _), (t_out, t_err, _) = test_events.while_listening(
        netns, [(binaries.ours, ["-o", "json,id"]), (binaries.ours, ["-o", "id"])],
        script)
    objs = objects(j_out)
    assert {o["event"] for o in objs} == {"new", "update", "destroy"}
    norm = test_events.normalise
    got = norm("".join(render(o, ids=True) + "\n" for o in objs).encode())
    assert got.decode() == norm(t_out).decode()
    assert norm(j_err) == norm(t_err)
