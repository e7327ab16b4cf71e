#include "web/figures_view.h"

#include <algorithm>

#include "core/text.h"
#include "web/staff_view.h"
#include "web/templates.h"

namespace portsafe::web {
namespace {

using kainjow::mustache::data;
namespace json = boost::json;

// A CSV field, quoted when it must be, and never starting with a character
// a spreadsheet would run as a formula.
std::string CsvField(std::string_view s) {
  std::string v(s);
  if (!v.empty() &&
      (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')) {
    v = "'" + v;
  }
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string q = "\"";
  for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

std::string CellText(const Catalogue& cat, std::string_view lang, const core::FigureCell& c) {
  switch (c.state) {
    case core::CellState::kShown:
      return std::to_string(c.count);
    case core::CellState::kBelowMinimum:
      return cat.T(lang, "figures_fewer");
    case core::CellState::kProtectsAnother:
      return cat.T(lang, "figures_protects");
    case core::CellState::kAtLeast:
      return cat.T(lang, "figures_at_least") + " " + std::to_string(c.count);
    case core::CellState::kBelowMinimumEachMonth:
      return cat.T(lang, "figures_fewer_each_month");
  }
  return "";
}

namespace {}  // namespace

std::vector<std::string> FigureLabels(const Catalogue& cat, std::string_view lang,
                                      const core::FigureTable& t) {
  std::vector<std::string> out;
  for (const auto& r : t.rows) {
    switch (t.dimension) {
      case core::Dimension::kCategory:
        out.push_back(cat.T(lang, "category." + r.key));
        break;
      case core::Dimension::kOutcome:
        out.push_back(cat.T(lang, "outcome." + r.key));
        break;
      case core::Dimension::kInsiderType:
        out.push_back(Label(kInsiderLabels, r.key));
        break;
      case core::Dimension::kAgencyKind: {
        std::string l = Label(kAgencyKindLabels, r.key);
        if (!l.empty()) l[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(l[0])));
        out.push_back(l);
        break;
      }
      case core::Dimension::kFreeport:
        out.push_back(r.key == "none" ? cat.T(lang, "figures_no_freeport") : r.key);
        break;
      case core::Dimension::kOperator:
        out.push_back(r.key == "other" ? cat.T(lang, "figures_other_operators") : r.key);
        break;
      case core::Dimension::kPort:
        out.push_back(r.key == "other" ? cat.T(lang, "figures_other_ports")
                                       : (r.label.empty() ? r.key : r.label));
        break;
      default:
        out.push_back(r.label.empty() ? r.key : r.label);
    }
  }
  return out;
}

std::string FigureTitle(const Catalogue& cat, std::string_view lang, const core::FigureTable& t) {
  const std::string key = "figures." + t.id;
  const std::string& s = cat.T(lang, key);
  return s == key ? t.title : s;
}

std::string FigureSvg(const core::FigureTable& t, const std::vector<std::string>& labels,
                      std::string_view title) {
  // Each row is its label on a line of its own, full width, and the bar
  // under it: long labels are not cut, and the text stays readable when a
  // phone scales the chart down to its column (the table beside it gives
  // every row's text; the chart shows the shown counts, "≥ N" for a lower
  // bound and a dash for a hidden one).
  constexpr int kWidth = 480, kBarWidth = 380, kRow = 46, kTop = 6, kFont = 16;
  std::int64_t max = 0;
  for (const auto& r : t.rows) max = std::max(max, r.count);
  const int height = kTop * 2 + kRow * static_cast<int>(std::max<size_t>(t.rows.size(), 1));
  const std::string id = "chart-" + t.id;
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" "
      "aria-labelledby=\"" +
      id + "\" viewBox=\"0 0 " + std::to_string(kWidth) + " " + std::to_string(height) +
      "\" width=\"100%\"><title id=\"" + id + "\">" + text::XmlEscape(title) + "</title>";
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const int y = kTop + kRow * static_cast<int>(i);
    std::string label = i < labels.size() ? labels[i] : t.rows[i].key;
    // About 52 characters fill the width at this size.
    if (label.size() > 54) {
      size_t cut = 52;  // never inside a UTF-8 sequence
      while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
      label = label.substr(0, cut) + "…";
    }
    svg += "<text x=\"0\" y=\"" + std::to_string(y + kFont) + "\" font-size=\"" +
           std::to_string(kFont) + "\" fill=\"#1a1a1a\">" + text::XmlEscape(label) + "</text>";
    const int bar_y = y + kFont + 6;
    int bar = 0;
    std::string value = "–";
    const auto state = t.rows[i].state;
    if (state == core::CellState::kShown || state == core::CellState::kAtLeast) {
      // A lower bound is drawn as a bar to its bound, outlined: the true
      // count may be longer.
      value = (state == core::CellState::kAtLeast ? "≥ " : "") + std::to_string(t.rows[i].count);
      if (max > 0) bar = static_cast<int>(kBarWidth * t.rows[i].count / max);
      svg += "<rect x=\"0\" y=\"" + std::to_string(bar_y) + "\" width=\"" + std::to_string(bar) +
             "\" height=\"16\" " +
             (state == core::CellState::kShown
                  ? std::string("fill=\"#0d2a54\"")
                  : std::string("fill=\"#c9d3e3\" stroke=\"#0d2a54\" stroke-dasharray=\"4 2\"")) +
             "/>";
    } else {
      // A hidden count: an outlined stub, never a bar of any length.
      svg += "<rect x=\"0\" y=\"" + std::to_string(bar_y) +
             "\" width=\"12\" height=\"16\" fill=\"none\" stroke=\"#595959\" "
             "stroke-dasharray=\"2 2\"/>";
      bar = 12;
    }
    svg += "<text x=\"" + std::to_string(bar + 6) + "\" y=\"" + std::to_string(bar_y + 14) +
           "\" font-size=\"" + std::to_string(kFont) + "\" fill=\"#1a1a1a\">" +
           text::XmlEscape(value) + "</text>";
  }
  svg += "</svg>";
  return svg;
}

std::string FigureCsvHeader(const Catalogue& cat, std::string_view lang,
                            const core::FigureTable& t) {
  return CsvField(cat.T(lang, "figures_col_" + std::string(core::ToString(t.dimension)))) + "," +
         CsvField(cat.T(lang, "figures_count")) + "," + CsvField(cat.T(lang, "figures_csv_state")) +
         "," + CsvField(cat.T(lang, "figures_csv_shown"));
}

std::string FigureCsv(const core::FigureTable& t, const std::vector<std::string>& labels,
                      const std::vector<std::string>& values, std::string_view header) {
  std::string out = header.empty()
                        ? std::string(core::ToString(t.dimension)) + ",count,state,text\r\n"
                        : std::string(header) + "\r\n";
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const auto& c = t.rows[i];
    const std::string label = i < labels.size() ? labels[i] : c.key;
    // A number only: the count, or the lower bound of an "at least" (the
    // state says which); empty when hidden.
    const std::string count =
        c.shown() || c.state == core::CellState::kAtLeast ? std::to_string(c.count) : "";
    out += CsvField(label) + "," + count + "," + std::string(core::ToString(c.state)) + "," +
           CsvField(i < values.size() ? values[i] : "") + "\r\n";
  }
  return out;
}

std::vector<std::string> FigureValues(const Catalogue& cat, std::string_view lang,
                                      const core::FigureTable& t) {
  std::vector<std::string> out;
  for (const auto& r : t.rows) out.push_back(CellText(cat, lang, r));
  return out;
}

json::array FiguresJson(const Catalogue& cat, const std::vector<core::FigureTable>& tables) {
  json::array out;
  for (const auto& t : tables) {
    const auto labels = FigureLabels(cat, "en", t);
    json::array rows;
    for (size_t i = 0; i < t.rows.size(); ++i) {
      const auto& c = t.rows[i];
      json::object r{{"key", c.key},
                     {"label", labels[i]},
                     {"shown", core::CountText(c)},
                     {"state", std::string(core::ToString(c.state))}};
      if (c.shown()) {
        r["count"] = c.count;
      } else {
        r["count"] = nullptr;
      }
      if (c.state == core::CellState::kAtLeast) r["at_least"] = c.count;
      rows.push_back(std::move(r));
    }
    json::object table{{"id", t.id},
                       {"title", t.title},
                       {"dimension", std::string(core::ToString(t.dimension))},
                       {"rows", std::move(rows)}};
    if (!t.from_month.empty()) {
      table["from_month"] = t.from_month;
      table["to_month"] = t.to_month;
    }
    out.push_back(std::move(table));
  }
  return out;
}

std::string RenderFigureTables(const Catalogue& cat, std::string_view lang,
                               const std::vector<core::FigureTable>& tables,
                               std::string_view csv_base) {
  data list{data::type::list};
  for (const auto& t : tables) {
    const auto labels = FigureLabels(cat, lang, t);
    const auto values = FigureValues(cat, lang, t);
    const std::string title = FigureTitle(cat, lang, t);
    data d;
    d.set("id", t.id);
    d.set("title", title);
    d.set("svg", FigureSvg(t, labels, title));
    if (!t.from_month.empty()) {
      d.set("period", cat.T(lang, "figures_period") + ": " + t.from_month +
                          (t.to_month != t.from_month ? " – " + t.to_month : std::string()));
    }
    d.set("csv", std::string(csv_base) + "/" + t.id + ".csv?lang=" + std::string(lang));
    d.set("heading", cat.T(lang, "figures_col_" + std::string(core::ToString(t.dimension))));
    data rows{data::type::list};
    for (size_t i = 0; i < t.rows.size(); ++i) {
      data r;
      r.set("label", labels[i]);
      r.set("count", values[i]);
      if (!t.rows[i].shown()) r.set("hidden", true);
      rows.push_back(r);
    }
    d.set("rows", rows);
    if (t.rows.empty()) d.set("empty", true);
    if (t.dimension == core::Dimension::kFreeport) {
      d.set("note", cat.T(lang, "figures_freeport_note"));
    }
    list.push_back(d);
  }
  // Months published, but every count in them hidden: one sentence, not
  // tables of "fewer than 5".
  const bool all_hidden =
      !tables.empty() && std::all_of(tables.begin(), tables.end(), [](const auto& t) {
        return std::none_of(t.rows.begin(), t.rows.end(), [](const core::FigureCell& c) {
          return c.shown() || c.state == core::CellState::kAtLeast;
        });
      });
  data page;
  if (all_hidden) {
    page.set("all_hidden", cat.T(lang, "figures_all_hidden"));
  } else {
    page.set("tables", list);
  }
  page.set("none", cat.T(lang, "figures_none"));
  page.set("table_empty", cat.T(lang, "figures_table_empty"));
  page.set("count_heading", cat.T(lang, "figures_count"));
  page.set("csv_text", cat.T(lang, "figures_csv"));
  return RenderTemplate("figure_tables", page);
}

}  // namespace portsafe::web
