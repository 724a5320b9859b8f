#!/usr/bin/env python3
"""Writes the man page attn-tutor(1) from the command-line help itself: the JSON that
swift-argument-parser prints for `attn-tutor --experimental-dump-help` (every command,
argument, option and its help text), so the page cannot drift from `--help`.

    scripts/manpage.py .build/release/attn-tutor > attn-tutor.1
"""
import json
import subprocess
import sys


def roff(text):
    """Text safe in a man page: backslashes, dashes, and a leading dot or quote escaped."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    lines = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def names(arg):
    out = []
    for n in arg.get("names", []):
        out.append(("-" if n["kind"] == "short" else "--") + n["name"])
    return out


def synopsis(command, path):
    parts = [f"\\fB{roff(' '.join(path))}\\fR"]
    for arg in command.get("arguments", []):
        if not arg.get("shouldDisplay", True) or arg.get("valueName") == "help":
            continue
        value = arg.get("valueName", "")
        if arg["kind"] == "positional":
            item = f"\\fI{roff(value)}\\fR" + ("..." if arg.get("isRepeating") else "")
        else:
            flag = names(arg)[0] if names(arg) else ""
            item = f"\\fB{roff(flag)}\\fR" + ("" if arg["kind"] == "flag" else f" \\fI{roff(value)}\\fR")
        parts.append(f"[{item}]" if arg.get("isOptional") else item)
    return " ".join(parts)


def arguments(command):
    out = []
    for arg in command.get("arguments", []):
        if not arg.get("shouldDisplay", True) or arg.get("valueName") == "help":
            continue
        value = arg.get("valueName", "")
        if arg["kind"] == "positional":
            head = f"\\fI{roff(value)}\\fR"
        else:
            head = ", ".join(f"\\fB{roff(n)}\\fR" for n in names(arg))
            if arg["kind"] != "flag":
                head += f" \\fI{roff(value)}\\fR"
        text = arg.get("abstract", "")
        if arg.get("allValues"):
            text += " One of: " + ", ".join(arg["allValues"]) + "."
        if "defaultValue" in arg:
            text += f" Default: {arg['defaultValue']}."
        if arg.get("discussion"):
            text += "\n" + (arg["discussion"] if isinstance(arg["discussion"], str) else "")
        out += [".TP", head, roff(text)]
    return out


def page(root, version):
    name = root["commandName"]
    title = roff(name.upper())
    lines = [
        f'.TH {title} 1 "" "{roff(name)} {roff(version)}" "User Commands"',
        ".SH NAME",
        f"{roff(name)} \\- {roff(root.get('abstract', ''))}",
        ".SH SYNOPSIS",
        synopsis(root, [name]),
        ".br",
        f"\\fB{roff(name)}\\fR \\fIcommand\\fR [\\fIoptions\\fR]",
        ".SH DESCRIPTION",
        roff("A terminal tutor for the attention mechanism of transformers: lessons walk the learner from "
             "embeddings to multi-head attention one step at a time, print every matrix with its rows and "
             "columns labelled by token, and ask for the next one to be computed in a small NumPy-style "
             "language. Answers are checked by value, and a wrong answer is told what is wrong."),
        ".PP",
        roff("Without a command it starts the interactive tutor (or, when standard input is not a terminal, "
             "evaluates it as a plain transcript). :help inside the tutor lists its commands; "
             ":export FILE.html (or FILE.md) saves the session so far as a page."),
    ]
    lines += [".SH OPTIONS"] + arguments(root)
    lines.append(".SH COMMANDS")
    for sub in root.get("subcommands", []):
        if not sub.get("shouldDisplay", True) or sub["commandName"] == "help":
            continue
        lines += [".SS " + roff(sub["commandName"]), synopsis(sub, [name, sub["commandName"]]), ".PP",
                  roff(sub.get("abstract", ""))]
        if sub.get("discussion"):
            lines += [".PP", roff(sub["discussion"])]
        lines += arguments(sub)
    lines += [
        ".SH FILES",
        ".TP", roff("<prefix>/share/attn-tutor/Lessons"),
        roff("The lessons, one Markdown file each (found from the binary's location; see ATTN_TUTOR_LESSONS)."),
        ".TP", roff("~/.local/share/attn-tutor/"), roff("Saved progress."),
        ".TP", roff("~/.local/state/attn-tutor/history"), roff("The tutor's input history."),
        ".SH ENVIRONMENT",
        ".TP", "ATTN_TUTOR_LESSONS", roff("A folder of lessons to use instead of the installed ones."),
        ".TP", "NO_COLOR", roff("When set, no colour (as --color never)."),
        ".TP", "COLUMNS", roff("The width of piped output."),
        ".SH EXAMPLES",
        ".nf",
        roff("attn-tutor                                  # the tutor, with the lesson menu"),
        roff("attn-tutor lesson scores                    # one lesson"),
        roff("attn-tutor run softmax --html softmax.html  # a solved handout"),
        roff("attn-tutor run softmax --html sheet.html --student   # without solutions"),
        roff("attn-tutor eval 'softmax([1, 2, 3])'"),
        ".fi",
    ]
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    binary = sys.argv[1]
    dump = subprocess.run([binary, "--experimental-dump-help"], capture_output=True, text=True, check=True).stdout
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip() or ""
    sys.stdout.write(page(json.loads(dump)["command"], version if version and "Error" not in version else ""))


if __name__ == "__main__":
    main()
