#!/usr/bin/env python3
"""Prints Sauda's module dependency graph from Package.swift and checks the rules that keep its rooms apart.

Usage: scripts/module_graph.py [--dot]

Each module is printed with the modules of this package it depends on (external products are left out),
lowest layer first. The script exits with 1 when a rule is broken:
  - a provider module (SaudaChannel<Name>, and later SaudaCRM<Name>, SaudaVoice<Name>) sits below the generic
    module of its kind, and nothing generic depends on a provider: only the composition (SaudaServer),
    the command line, the benchmarks and tests may;
  - production modules do not link the simulators (only the command line's demo flags, the benchmarks and tests).
"""
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "Package.swift"
# Modules allowed to depend on providers and simulators: they assemble the system or measure it.
COMPOSITION = {"SaudaServer", "sauda", "SaudaBench"}
GENERIC_OF_KIND = {"SaudaChannel": "SaudaChannels", "SaudaCRM": "SaudaCRM", "SaudaVoice": "SaudaVoice"}
# Generic modules whose names start like a provider's: the CRM sync works with every CRM through the protocol.
GENERIC_MODULES = {"SaudaCRMSync"}


def targets(text):
    """(name, kind, [local dependencies]) for each target of Package.swift."""
    found = []
    pattern = re.compile(r'\.(target|executableTarget|testTarget)\(\s*name:\s*"([^"]+)"')
    matches = list(pattern.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        body = text[match.end():end]
        dependencies = []
        deps = re.search(r"dependencies:\s*\[(.*?)\]\s*(?:,\s*(?:path|resources|exclude|swiftSettings)|\))", body, re.S)
        if deps:
            # Bare strings are this package's targets; .product(...) entries are external.
            without_products = re.sub(r"\.product\([^)]*\)", "", deps.group(1))
            dependencies = re.findall(r'"([^"]+)"', without_products)
        found.append((match.group(2), match.group(1), dependencies))
    return found


def provider_kind(name):
    """The generic module a provider module belongs under, or None for a module that is no provider."""
    if name in GENERIC_MODULES:
        return None
    for prefix, generic in GENERIC_OF_KIND.items():
        if name.startswith(prefix) and name != generic and name[len(prefix):len(prefix) + 1].isupper():
            return generic
    return None


def layers(graph):
    """Each module's layer: 0 for no local dependency, else one above its highest dependency."""
    depth = {}

    def visit(name, path=()):
        if name in depth:
            return depth[name]
        if name in path:
            raise SystemExit(f"dependency cycle: {' -> '.join(path + (name,))}")
        below = [visit(dep, path + (name,)) for dep in graph.get(name, []) if dep in graph]
        depth[name] = 1 + max(below) if below else 0
        return depth[name]

    for name in graph:
        visit(name)
    return depth


def main():
    text = PACKAGE.read_text()
    all_targets = targets(text)
    graph = {name: deps for name, kind, deps in all_targets if kind != "testTarget"}
    depth = layers(graph)
    if "--dot" in sys.argv:
        print("digraph sauda {")
        for name, deps in graph.items():
            for dep in deps:
                print(f'  "{name}" -> "{dep}";')
        print("}")
        return 0
    print("Sauda's modules, lowest layer first (a module depends only on modules printed before it):")
    for name in sorted(graph, key=lambda n: (depth[n], n)):
        mark = ""
        if provider_kind(name):
            mark = f"  [provider, below {provider_kind(name)}]"
        elif name in COMPOSITION:
            mark = "  [composition]"
        deps = ", ".join(sorted(graph[name])) or "-"
        print(f"  {depth[name]}  {name:<20} <- {deps}{mark}")
    problems = []
    for name, deps in graph.items():
        generic = provider_kind(name)
        if generic and generic in graph and generic not in deps:
            problems.append(f"provider {name} does not sit below {generic}")
        for dep in deps:
            if provider_kind(dep) and name not in COMPOSITION and provider_kind(name) is None:
                problems.append(f"generic module {name} depends on provider {dep}")
            if dep == "SaudaSimulators" and name not in COMPOSITION:
                problems.append(f"production module {name} links the simulators")
    if problems:
        print("\nRules broken:")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print("\nRules hold: every provider sits below its generic module, nothing generic depends on a provider,")
    print("and only the command line, the benchmarks and tests link the simulators.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
