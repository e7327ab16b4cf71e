#include "core/port_directory.h"

#include <algorithm>

#include "core/text.h"

namespace portsafe::core {
namespace {

std::vector<std::string_view> SplitCsvLine(std::string_view line) {
  // The directory CSV has no quoted fields; a quote is a data error.
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == ',') {
      out.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool Approved(const Port& p) { return p.status.size() == 2 && p.status[0] == 'A'; }

}  // namespace

namespace {

// The four leading fields of every data row of a directory CSV (header line
// skipped, CRLF accepted, no quoting): code of 5 characters, a name, and two
// more. kInvalidArgument naming `what` and the line on a bad row.
template <typename Row>
Result<std::vector<Row>> ParseFourFieldCsv(std::string_view csv, const char* what) {
  std::vector<Row> out;
  size_t line_no = 0;
  while (!csv.empty()) {
    size_t nl = csv.find('\n');
    std::string_view line = csv.substr(0, nl);
    csv = nl == std::string_view::npos ? std::string_view() : csv.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line_no == 1) continue;
    if (line.find('"') != std::string_view::npos) {
      return InvalidArgument(std::string(what) + " line " + std::to_string(line_no) +
                             ": quotes not supported");
    }
    auto f = SplitCsvLine(line);
    if (f.size() < 4 || f[0].size() != 5 || f[1].empty()) {
      return InvalidArgument(std::string(what) + " line " + std::to_string(line_no) +
                             ": malformed");
    }
    out.push_back({std::string(f[0]), std::string(f[1]), std::string(f[2]), std::string(f[3])});
  }
  return out;
}

}  // namespace

Result<std::vector<Port>> ParsePortCsv(std::string_view csv) {
  return ParseFourFieldCsv<Port>(csv, "port CSV");
}

Result<std::vector<PortGroup>> ParsePortGroupCsv(std::string_view csv) {
  return ParseFourFieldCsv<PortGroup>(csv, "major ports CSV");
}

PortDirectory::PortDirectory(std::vector<Port> ports) : ports_(std::move(ports)) {
  std::sort(ports_.begin(), ports_.end(),
            [](const Port& a, const Port& b) { return a.code < b.code; });
}

const Port* PortDirectory::Find(std::string_view code) const {
  std::string up = text::Upper(text::Trim(code));
  auto it = std::lower_bound(ports_.begin(), ports_.end(), up,
                             [](const Port& p, const std::string& c) { return p.code < c; });
  return it != ports_.end() && it->code == up ? &*it : nullptr;
}

namespace {

// Welsh names of Welsh ports, which UN/LOCODE lists under their English ones.
// A short fixed list: no Debian package carries port names in Welsh.
constexpr std::pair<std::string_view, std::string_view> kWelshNames[] = {
    {"caergybi", "GBHLY"},   {"abergwaun", "GBFIS"}, {"aberdaugleddau", "GBMLF"},
    {"abertawe", "GBSWA"},   {"caerdydd", "GBCDF"},  {"casnewydd", "GBNPT"},
    {"doc penfro", "GBPED"}, {"penfro", "GBPEM"},    {"porth tywyn", "GBBPT"},
};

// What a reporter adds around a port's name: "the port of Tyne", "Dover
// harbour". Removed when the words alone are not a name.
std::string Bare(std::string q) {
  for (std::string_view lead : {"the port of ", "port of ", "the ", "port "}) {
    if (q.size() > lead.size() && q.rfind(lead, 0) == 0) {
      q.erase(0, lead.size());
      break;
    }
  }
  for (std::string_view tail : {" port", " harbour", " harbor", " docks", " seaport"}) {
    if (q.size() > tail.size() && q.compare(q.size() - tail.size(), tail.size(), tail) == 0) {
      q.erase(q.size() - tail.size());
      break;
    }
  }
  return q;
}

// Optimal string alignment distance (Levenshtein with swapped neighbours
// counted as one), giving up above `most`.
size_t TypingDistance(std::string_view a, std::string_view b, size_t most) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > most) return most + 1;
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// How good a match `name` (lower case) is for `q`: 1 exact, 2 prefix, 4 a
// word of the name begins with it, 0 none.
int NameRank(const std::string& name, const std::string& q) {
  if (name == q) return 1;
  if (name.rfind(q, 0) == 0) return 2;
  for (size_t at = name.find(' '); at != std::string::npos; at = name.find(' ', at + 1)) {
    if (name.compare(at + 1, q.size(), q) == 0) return 4;
  }
  return 0;
}

}  // namespace

std::vector<const Port*> PortDirectory::Search(std::string_view query, size_t limit,
                                               bool tolerant) const {
  const std::string raw = text::Lower(text::Trim(query));
  if (raw.empty()) return {};
  const std::string bare = Bare(raw);
  std::string welsh_code;
  for (const auto& [welsh, code] : kWelshNames) {
    if (welsh == raw || welsh == bare || (bare.size() >= 4 && welsh.rfind(bare, 0) == 0)) {
      welsh_code = code;
    }
  }
  // Mistakes allowed for the length typed: none below 4 letters.
  const size_t most = bare.size() >= 7 ? 2 : bare.size() >= 4 ? 1 : 0;
  struct Hit {
    int rank;
    const Port* p;
  };
  std::vector<Hit> hits;
  for (const Port& p : ports_) {
    const std::string code = text::Lower(p.code);
    const std::string name = text::Lower(p.name);
    int rank = 0;
    if (code == raw) {
      rank = 1;
    } else if (p.code == welsh_code) {
      rank = 2;
    } else if (int r = std::max(NameRank(name, raw), NameRank(name, bare)); r == 1 || r == 2) {
      rank = r + 1;
    } else if (code.rfind(raw, 0) == 0 && raw.size() >= 3) {
      rank = 4;
    } else if (r == 4) {
      rank = 5;
    } else if (tolerant && most > 0) {
      // The whole name, or as much of it as was typed ("newcastel" for
      // "Newcastle upon Tyne").
      size_t best = TypingDistance(bare, name, most);
      for (size_t len = bare.size() - 1; len <= bare.size() + 1 && len < name.size(); ++len) {
        if (len == 0 || name[len] != ' ') continue;
        best = std::min(best, TypingDistance(bare, std::string_view(name).substr(0, len), most));
      }
      if (best > most) continue;
      rank = 5 + static_cast<int>(best);
    } else {
      continue;
    }
    hits.push_back({rank * 2 + (Approved(p) ? 0 : 1), &p});
  }
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.p->name < b.p->name;
  });
  std::vector<const Port*> out;
  for (const auto& h : hits) {
    if (out.size() == limit) break;
    out.push_back(h.p);
  }
  return out;
}

Result<const Port*> PortDirectory::Resolve(std::string_view text) const {
  std::string_view t = text::Trim(text);
  if (t.empty()) return NotFound("no port given");
  if (const Port* p = Find(t)) return p;
  // "Name (CODE)" as printed by PortLabel.
  if (t.size() > 8 && t.back() == ')') {
    size_t open = t.rfind('(');
    if (open != std::string_view::npos) {
      if (const Port* p = Find(t.substr(open + 1, t.size() - open - 2))) return p;
    }
  }
  auto hits = Search(t, 2);
  std::string lower = text::Lower(t);
  std::vector<const Port*> exact;
  for (const Port& p : ports_) {
    if (text::Lower(p.name) == lower) exact.push_back(&p);
  }
  if (exact.size() == 1) return exact.front();
  if (exact.size() > 1) return InvalidArgument("several ports have that name");
  if (hits.size() == 1) return hits.front();
  if (hits.empty()) return NotFound("no port matches");
  return InvalidArgument("several ports match");
}

std::string PortLabel(const Port& p) { return p.name + " (" + p.code + ")"; }

}  // namespace portsafe::core
