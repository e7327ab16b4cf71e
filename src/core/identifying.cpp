#include "core/identifying.h"

#include <glib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <unordered_set>

#include "common/assets.h"

namespace portsafe::core {
namespace {

using Span = std::pair<size_t, size_t>;

bool IsAsciiAlnum(unsigned char c) { return std::isalnum(c) != 0; }
bool IsWordByte(unsigned char c) { return IsAsciiAlnum(c) || c >= 0x80 || c == '\'' || c == '-'; }

// Lower case of any script (GLib); ASCII only for invalid UTF-8.
std::string Fold(std::string_view s) {
  if (!g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr)) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }
  gchar* p = g_utf8_strdown(s.data(), static_cast<gssize>(s.size()));
  std::string out(p);
  g_free(p);
  return out;
}

bool UpperInitial(std::string_view w) {
  if (w.empty()) return false;
  const auto c = static_cast<unsigned char>(w[0]);
  if (c < 0x80) return std::isupper(c) != 0;
  if (!g_utf8_validate(w.data(), static_cast<gssize>(w.size()), nullptr)) return false;
  return g_unichar_isupper(g_utf8_get_char(w.data())) != 0;
}

bool AllUpper(std::string_view w) {
  return std::all_of(w.begin(), w.end(), [](unsigned char c) { return !std::islower(c); });
}

// "PIN", "PINs", "HGVs", "Destin8": codes and plurals of codes. A name in
// capitals ("MAREK", as police reports write surnames) is not one when it is
// in the name lists (IsListedName decides that).
bool Acronym(std::string_view w) {
  const auto upper =
      std::count_if(w.begin(), w.end(), [](unsigned char c) { return std::isupper(c); });
  const bool digit =
      std::any_of(w.begin(), w.end(), [](unsigned char c) { return std::isdigit(c); });
  return upper >= 2 || digit;
}

bool CapitalsName(std::string_view w) { return w.size() >= 4 && AllUpper(w); }

struct Word {
  size_t begin = 0, end = 0;
  std::string text;             // as written, trailing apostrophes and hyphens dropped
  std::string lower;            // folded
  bool upper = false;           // starts with a capital
  bool opens_sentence = false;  // first word of the text, a line or a sentence
};

bool OpensSentence(std::string_view s, size_t begin) {
  while (begin > 0 && (s[begin - 1] == ' ' || s[begin - 1] == '\t' || s[begin - 1] == '"' ||
                       s[begin - 1] == '\'' || s[begin - 1] == '(' || s[begin - 1] == '-')) {
    --begin;
  }
  if (begin == 0) return true;
  const char c = s[begin - 1];
  return c == '.' || c == '!' || c == '?' || c == '\n' || c == '\r' || c == ':' || c == ';';
}

std::vector<Word> Words(std::string_view s) {
  std::vector<Word> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && !IsWordByte(static_cast<unsigned char>(s[i]))) ++i;
    const size_t b = i;
    while (i < s.size() && IsWordByte(static_cast<unsigned char>(s[i]))) ++i;
    size_t e = i;
    while (e > b && (s[e - 1] == '\'' || s[e - 1] == '-')) --e;
    size_t start = b;
    while (start < e && (s[start] == '\'' || s[start] == '-')) ++start;
    if (e <= start) continue;
    Word w;
    w.begin = start;
    w.end = e;
    w.text = std::string(s.substr(start, e - start));
    // "Dave's" is Dave.
    if (w.text.size() > 2 && (w.text.ends_with("'s") || w.text.ends_with("'S"))) {
      w.text.resize(w.text.size() - 2);
      w.end -= 2;
    }
    w.lower = Fold(w.text);
    w.upper = UpperInitial(w.text);
    w.opens_sentence = OpensSentence(s, start);
    out.push_back(std::move(w));
  }
  return out;
}

// ---- Word lists ----------------------------------------------------------

std::unordered_set<std::string> LoadList(std::string_view path) {
  std::unordered_set<std::string> out;
  auto text = assets::Get(path);
  if (!text) return out;
  size_t at = 0;
  while (at < text->size()) {
    size_t nl = text->find('\n', at);
    if (nl == std::string_view::npos) nl = text->size();
    std::string_view line = text->substr(at, nl - at);
    at = nl + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    out.insert(Fold(line));
  }
  return out;
}

struct NameLists {
  std::unordered_set<std::string> first = LoadList("data/names/first_names.txt");
  std::unordered_set<std::string> surname = LoadList("data/names/surnames.txt");
  std::unordered_set<std::string> ambiguous = LoadList("data/names/ambiguous.txt");
};

const NameLists& Names() {
  static const NameLists lists;
  return lists;
}

template <size_t N>
bool In(const std::array<std::string_view, N>& set, std::string_view w) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

constexpr std::array<std::string_view, 14> kTitles = {"mr",    "mrs",  "ms",    "miss",  "mx",
                                                      "dr",    "sir",  "madam", "pan",   "pani",
                                                      "panem", "pana", "panią", "doktor"};

// Capitalised words that are not people wherever they appear: the days and
// months (dates are found separately), pronouns and function words that
// open sentences, and the port's own vocabulary.
const std::set<std::string, std::less<>>& CommonWords() {
  static const std::set<std::string, std::less<>> kCommon = {
      "the",        "a",          "an",         "and",       "or",       "but",       "he",
      "she",        "they",       "it",         "we",        "you",      "his",       "her",
      "their",      "this",       "that",       "these",     "those",    "there",     "then",
      "when",       "where",      "what",       "who",       "why",      "how",       "on",
      "in",         "at",         "to",         "from",      "by",       "with",      "for",
      "of",         "after",      "before",     "during",    "two",      "three",     "one",
      "some",       "several",    "all",        "both",      "each",     "port",      "terminal",
      "gate",       "berth",      "dock",       "docks",     "quay",     "container", "containers",
      "vessel",     "ship",       "driver",     "drivers",   "van",      "car",       "lorry",
      "truck",      "trailer",    "reporter",   "source",    "police",   "border",    "force",
      "customs",    "also",       "not",        "no",        "yes",      "was",       "were",
      "is",         "are",        "last",       "next",      "night",    "morning",   "evening",
      "week",       "month",      "today",      "yesterday", "tomorrow", "men",       "man",
      "woman",      "women",      "people",     "person",    "someone",  "staff",     "security",
      "shift",      "team",       "crew",       "north",     "south",    "east",      "west",
      "street",     "road",       "lane",       "freeport",  "harbour",  "marina",    "estate",
      "industrial", "unit",       "warehouse",  "yard",      "crane",    "straddle",  "reefer",
      "police",     "nca",        "hmrc",       "uk",        "english",  "british",   "polish",
      "romanian",   "lithuanian", "portuguese", "ukrainian", "irish",    "scottish",  "welsh",
      "asian",      "european",   "eastern",    "african",   "god"};
  return kCommon;
}

// Vehicle makes (and their Polish inflections): the word or two after one is
// its model ("Ford Transit", "BMW 5 Series", "Fordem Transitem").
const std::set<std::string, std::less<>>& Makes() {
  static const std::set<std::string, std::less<>> kMakes = {
      "ford",          "fordem",   "forda",      "fordzie", "mercedes",   "mercedesem", "mercedesa",
      "mercedes-benz", "vauxhall", "volvo",      "scania",  "scanią",     "scanii",     "daf",
      "dafem",         "iveco",    "renault",    "man",     "volkswagen", "vw",         "toyota",
      "nissan",        "peugeot",  "citroen",    "citroën", "fiat",       "bmw",        "bmw-em",
      "audi",          "skoda",    "škoda",      "seat",    "kia",        "hyundai",    "land",
      "range",         "jaguar",   "mitsubishi", "isuzu",   "tesla",      "dacia",      "opel",
      "honda",         "mazda",    "suzuki",     "lexus",   "porsche",    "mini",       "jeep",
      "transit",       "sprinter"};
  return kMakes;
}

// Brands, products and vessel and place names of several words that hold a
// person's name: never a person.
constexpr std::array<std::string_view, 30> kBrandPhrases = {
    "louis vuitton",   "stone island",      "jack daniel's", "jack daniels",    "johnnie walker",
    "marks & spencer", "marks and spencer", "thermo king",   "ralph lauren",    "tommy hilfiger",
    "calvin klein",    "hugo boss",         "ted baker",     "paul smith",      "john lewis",
    "hennessy",        "eddie stobart",     "william grant", "jim beam",        "captain morgan",
    "moët & chandon",  "dom pérignon",      "tom ford",      "michael kors",    "vera wang",
    "kinder",          "ben & jerry's",     "king george",   "queen elizabeth", "prince of wales"};

// Shipping lines, operators, brands, places and peoples whose names are
// also people's or look like them.
const std::set<std::string, std::less<>>& NotPeople() {
  static const std::set<std::string, std::less<>> kNot = {
      "ford",         "mercedes",    "mercedes-benz",
      "benz",         "vauxhall",    "volvo",
      "scania",       "daf",         "iveco",
      "renault",      "man",         "volkswagen",
      "vw",           "toyota",      "nissan",
      "peugeot",      "citroen",     "citroën",
      "fiat",         "bmw",         "audi",
      "skoda",        "škoda",       "seat",
      "kia",          "hyundai",     "land",
      "rover",        "range",       "jaguar",
      "mitsubishi",   "isuzu",       "transit",
      "sprinter",     "vivaro",      "trafic",
      "ducato",       "crafter",     "hilux",
      "ranger",       "navara",      "actros",
      "fh",           "stralis",     "tesla",
      "maersk",       "msc",         "cma",
      "cgm",          "hapag-lloyd", "hapag",
      "lloyd",        "cosco",       "evergreen",
      "yang",         "ming",        "zim",
      "hmm",          "one",         "oocl",
      "dfds",         "stena",       "p&o",
      "seatruck",     "hutchison",   "dp",
      "world",        "peel",        "forth",
      "abp",          "associated",  "british",
      "pd",           "ports",       "cobelfret",
      "clarksons",    "brittany",    "ferries",
      "irish",        "ferries",     "condor",
      "wightlink",    "red",         "funnel",
      "eddie",        "stobart",     "maritime",
      "gist",         "dhl",         "ups",
      "fedex",        "dpd",         "royal",
      "mail",         "amazon",      "tesco",
      "asda",         "sainsbury's", "sainsburys",
      "morrisons",    "aldi",        "lidl",
      "ikea",         "b&q",         "jcb",
      "kalmar",       "konecranes",  "liebherr",
      "hyster",       "samsung",     "apple",
      "iphone",       "android",     "whatsapp",
      "telegram",     "signal",      "snapchat",
      "instagram",    "facebook",    "tiktok",
      "google",       "microsoft",   "border",
      "force",        "europol",     "interpol",
      "freeport",     "thames",      "solent",
      "humber",       "mersey",      "tees",
      "tyne",         "clyde",       "forth",
      "trinity",      "victoria",    "albert",
      "george",       "elizabeth",   "queen",
      "king",         "prince",      "princess",
      "royal",        "tilbury",     "gateway",
      "london",       "felixstowe",  "harwich",
      "southampton",  "immingham",   "grimsby",
      "hull",         "liverpool",   "teesport",
      "dover",        "holyhead",    "belfast",
      "portsmouth",   "bristol",     "avonmouth",
      "grangemouth",  "aberdeen",    "dundee",
      "leith",        "cardiff",     "swansea",
      "newport",      "milford",     "haven",
      "plymouth",     "poole",       "purfleet",
      "sheerness",    "medway",      "ipswich",
      "lowestoft",    "yarmouth",    "sunderland",
      "blyth",        "tyne",        "heysham",
      "fleetwood",    "barrow",      "workington",
      "stranraer",    "cairnryan",   "larne",
      "rosslare",     "dublin",      "calais",
      "dunkirk",      "rotterdam",   "antwerp",
      "hamburg",      "zeebrugge",   "bremerhaven",
      "le",           "havre",       "algeciras",
      "valencia",     "ecuador",     "colombia",
      "brazil",       "panama",      "netherlands",
      "belgium",      "spain",       "poland",
      "lithuania",    "romania",     "ukraine",
      "bulgaria",     "albania",     "turkey",
      "morocco",      "china",       "india",
      "pakistan",     "ireland",     "scotland",
      "wales",        "england",     "europe",
      "america",      "africa",      "asia",
      "santos",       "guayaquil",   "cartagena",
      "christmas",    "easter",      "ramadan",
      "gucci",        "prada",       "chanel",
      "rolex",        "nike",        "adidas",
      "puma",         "bosch",       "dyson",
      "philips",      "caterpillar", "hilti",
      "makita",       "dewalt",      "stihl",
      "husqvarna",    "hennessy",    "minerva",
      "vietnam",      "colombia",    "kolumbii",
      "kolumbia",     "ecuadoru",    "costa",
      "rica",         "dutch",       "albanian",
      "turkish",      "spanish",     "french",
      "german",       "italian",     "belgian",
      "chinese",      "vietnamese",  "colombian",
      "ecuadorian",   "brazilian",   "nigerian",
      "moroccan",     "russian",     "kurdish",
      "iranian",      "iraqi",       "afghan",
      "eritrean",     "sudanese",    "essex",
      "kent",         "suffolk",     "norfolk",
      "lincolnshire", "yorkshire",   "humberside",
      "cheshire",     "lancashire",  "orwell",
      "stour",        "medway",      "isle",
      "island",       "wight",       "anglesey",
      "thurrock",     "landguard",   "series",
      "class",        "model",       "mk",
      "nordic",       "ocean",       "cape",
      "atlantic",     "pacific",     "baltic",
      "arctic",       "star",        "spirit",
      "pride",        "express",     "seaways",
      "navigator"};
  return kNot;
}

// Words after a capitalised run that make it a place or an organisation:
// "Trinity Terminal", "Victoria Dock", "Grace Lines", "Kingsway Haulage".
constexpr std::array<std::string_view, 38> kPlaceSuffixes = {
    "terminal", "terminals",     "dock",      "docks",   "quay",      "quays",     "wharf",
    "berth",    "road",          "street",    "lane",    "way",       "avenue",    "drive",
    "estate",   "park",          "freeport",  "port",    "ports",     "harbour",   "line",
    "lines",    "shipping",      "logistics", "haulage", "transport", "ltd",       "limited",
    "group",    "services",      "freight",   "marine",  "maritime",  "container", "containers",
    "express",  "international", "bridge"};

// Kinds of vessel: the capitalised words after one are its name.
constexpr std::array<std::string_view, 26> kVesselKinds = {
    "vessel",  "ship",   "tug",     "barge",   "statek",   "statku", "statkiem",
    "carrier", "tanker", "coaster", "cruiser", "trawler",  "ferry",  "freighter",
    "feeder",  "yacht",  "boat",    "liner",   "dredger",  "ro-ro",  "roro",
    "reefer",  "bulker", "coaster", "drifter", "catamaran"};

// Prefixes of vessel names: "MV Anna Maria" is a ship.
constexpr std::array<std::string_view, 10> kVesselPrefixes = {"mv", "ms",  "mt",  "ss",   "rms",
                                                              "fv", "m/v", "mts", "mscs", "hms"};

constexpr std::array<std::string_view, 24> kWeekdays = {
    "monday",   "tuesday",      "wednesday", "thursday", "friday",    "saturday",
    "sunday",   "mon",          "tues",      "wed",      "thurs",     "fri",
    "sat",      "poniedziałek", "wtorek",    "wtorku",   "środa",     "środę",
    "czwartek", "piątek",       "sobota",    "sobotę",   "niedziela", "niedzielę"};

// English months (and abbreviations) and Polish months in the genitive
// ("14 marca").
constexpr std::array<std::string_view, 42> kMonths = {
    "january",      "february",  "march",   "april",    "may",      "june",     "july",
    "august",       "september", "october", "november", "december", "jan",      "feb",
    "mar",          "apr",       "jun",     "jul",      "aug",      "sep",      "sept",
    "oct",          "nov",       "dec",     "stycznia", "lutego",   "marca",    "kwietnia",
    "maja",         "czerwca",   "lipca",   "sierpnia", "września", "wrzesnia", "października",
    "pazdziernika", "listopada", "grudnia", "styczeń",  "luty",     "marzec",   "kwiecień"};

constexpr std::array<std::string_view, 12> kHourWords = {"one",  "two", "three",  "four",
                                                         "five", "six", "seven",  "eight",
                                                         "nine", "ten", "eleven", "twelve"};

// ---- Findings ------------------------------------------------------------

class Collector {
 public:
  Collector(std::string_view draft, std::vector<Span> protected_spans)
      : draft_(draft), protected_(std::move(protected_spans)) {}

  bool Protected(size_t b, size_t e) const {
    for (const auto& [pb, pe] : protected_) {
      if (b < pe && pb < e) return true;
    }
    return false;
  }
  void Protect(size_t b, size_t e) { protected_.push_back({b, e}); }

  // Adds [b, e) as `kind` unless it is intelligence or already found.
  void Add(std::string_view kind, size_t b, size_t e, bool check_protected = true) {
    if (e <= b || e > draft_.size()) return;
    if (check_protected && Protected(b, e)) return;
    std::string excerpt(draft_.substr(b, e - b));
    while (!excerpt.empty() && (excerpt.back() == ' ' || excerpt.back() == ',' ||
                                excerpt.back() == '.' || excerpt.back() == ';')) {
      excerpt.pop_back();
    }
    if (excerpt.empty()) return;
    const std::string key = Fold(excerpt);
    for (const auto& [pos, f] : found_) {
      if (f.kind == kind && Fold(f.excerpt) == key) return;
    }
    found_.push_back({b, Finding{std::string(kind), std::move(excerpt), "", false}});
  }

  std::vector<Finding> Take() {
    std::stable_sort(found_.begin(), found_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Finding> out;
    out.reserve(found_.size());
    std::map<std::string, int> seen;
    for (auto& [pos, f] : found_) {
      // A hash only to name the warning; nothing secret rests on it.
      const std::string key =
          f.kind + "\n" + f.excerpt + "\n" + std::to_string(seen[f.kind + "\n" + f.excerpt]++);
      gchar* sum = g_compute_checksum_for_data(
          G_CHECKSUM_SHA256, reinterpret_cast<const guchar*>(key.data()), key.size());
      f.id.assign(sum, 16);
      g_free(sum);
      out.push_back(std::move(f));
    }
    return out;
  }

 private:
  std::string_view draft_;
  std::vector<Span> protected_;
  std::vector<std::pair<size_t, Finding>> found_;
};

// Known terms, vessel names, vehicle makes with their models, companies and
// places named by a suffix ("Trinity Terminal"): never people.
void ProtectNonPeople(std::string_view s, const std::vector<Word>& w, const IdentifyingContext& ctx,
                      Collector& c) {
  const std::string folded = Fold(s);
  std::vector<std::string> terms(ctx.known_terms.begin(), ctx.known_terms.end());
  for (auto b : kBrandPhrases) terms.emplace_back(b);
  for (const auto& term : terms) {
    const std::string t = Fold(term);
    if (t.size() < 3) continue;
    for (size_t at = folded.find(t); at != std::string::npos; at = folded.find(t, at + 1)) {
      const bool starts = at == 0 || !IsWordByte(static_cast<unsigned char>(folded[at - 1]));
      const size_t end = at + t.size();
      const bool ends =
          end >= folded.size() || !IsAsciiAlnum(static_cast<unsigned char>(folded[end]));
      // Folding keeps these byte offsets for the Latin letters the terms use.
      if (starts && ends && folded.size() == s.size()) c.Protect(at, end);
    }
  }
  for (size_t i = 0; i < w.size(); ++i) {
    // "MV Anna Maria": the capitalised words after a vessel prefix.
    if (In(kVesselPrefixes, w[i].lower) && (AllUpper(w[i].text) || w[i].text == "Mv")) {
      size_t j = i + 1;
      while (j < w.size() && w[j].upper && j - i <= 4) ++j;
      if (j > i + 1) c.Protect(w[i].begin, w[j - 1].end);
      i = j - 1;
      continue;
    }
    // "the vessel Anna Maria", "the bulk carrier Elena K", "a cabin
    // cruiser, the Anna May": a kind of vessel, then its name.
    if (In(kVesselKinds, w[i].lower) && i + 1 < w.size()) {
      size_t j = i + 1;
      if (w[j].lower == "the" && j + 1 < w.size() &&
          s.substr(w[i].end, w[j].begin - w[i].end).find_first_not_of(", ") ==
              std::string_view::npos) {
        ++j;
      }
      const size_t first = j;
      while (j < w.size() && (w[j].upper || (j > first && w[j].text.size() == 1)) &&
             j - first < 4) {
        ++j;
      }
      if (j > first) c.Protect(w[first].begin, w[j - 1].end);
      continue;
    }
    // A make and its model: "Ford Transit", "BMW 5 Series", "Scania R450".
    if (Makes().count(w[i].lower) && w[i].upper) {
      size_t j = i;
      while (j + 1 < w.size() && j - i < 2 &&
             (w[j + 1].upper || std::isdigit(static_cast<unsigned char>(w[j + 1].text[0])))) {
        ++j;
      }
      c.Protect(w[i].begin, w[j].end);
      i = j;
      continue;
    }
    if (NotPeople().count(w[i].lower) && w[i].upper) c.Protect(w[i].begin, w[i].end);
    // "Pride of Kent", "Isle of Wight", "Port of Tyne": X of Y is a place
    // or a vessel; "St Mary" a place.
    if (w[i].upper && i + 2 < w.size() && w[i + 1].lower == "of" && w[i + 2].upper) {
      c.Protect(w[i].begin, w[i + 2].end);
    }
    if ((w[i].text == "St" || w[i].text == "Saint") && i + 1 < w.size() && w[i + 1].upper) {
      c.Protect(w[i].begin, w[i + 1].end);
    }
    // A capitalised run ending in a place or company word.
    if (w[i].upper && !w[i].opens_sentence) {
      size_t j = i;
      while (j + 1 < w.size() && w[j + 1].upper && j - i < 4) ++j;
      if (j + 1 < w.size() && In(kPlaceSuffixes, w[j + 1].lower)) {
        c.Protect(w[i].begin, w[j + 1].end);
      } else if (In(kPlaceSuffixes, w[j].lower) && j > i) {
        c.Protect(w[i].begin, w[j].end);
      }
    }
    if (w[i].upper && w[i].opens_sentence && i + 1 < w.size() && w[i + 1].upper &&
        In(kPlaceSuffixes, w[i + 1].lower)) {
      c.Protect(w[i].begin, w[i + 1].end);
    }
    // "Port of Tyne", "Freeport East".
    if ((w[i].lower == "port" || w[i].lower == "freeport") && i + 2 < w.size() &&
        w[i + 1].lower == "of" && w[i + 2].upper) {
      c.Protect(w[i].begin, w[i + 2].end);
    }
  }
}

// ---- Names ---------------------------------------------------------------

bool IsListedName(const Word& w) {
  const NameLists& n = Names();
  return n.first.count(w.lower) > 0 || n.surname.count(w.lower) > 0;
}

bool IsAmbiguous(const Word& w) {
  return Names().ambiguous.count(w.lower) > 0 || CommonWords().count(w.lower) > 0 ||
         NotPeople().count(w.lower) > 0 || Makes().count(w.lower) > 0 || In(kMonths, w.lower) ||
         In(kWeekdays, w.lower);
}

void FindNames(std::string_view original, std::string_view s, const std::vector<Word>& w,
               Collector& c) {
  // Capitalised words of the original inside a sentence, and those that open
  // one (which count only where the draft capitalises them mid-sentence).
  // Only words of the name lists count (a capitalised word of the original
  // is as often a place, a vessel or a company as a person).
  std::set<std::string> from_original, openers;
  for (const auto& t : Words(original)) {
    if (!t.upper || t.text.size() < 2 || CommonWords().count(t.lower) ||
        (Acronym(t.text) && !CapitalsName(t.text)) || NotPeople().count(t.lower) ||
        Makes().count(t.lower) || In(kMonths, t.lower) || In(kWeekdays, t.lower) ||
        !IsListedName(t)) {
      continue;
    }
    (t.opens_sentence ? openers : from_original).insert(t.lower);
  }
  auto name_like = [&](size_t i) {
    const Word& x = w[i];
    // A name of the original, however the draft writes it ("dave jones").
    if (from_original.count(x.lower)) return true;
    if (!x.upper || x.text.size() < 2) return false;
    if (Acronym(x.text) && !(CapitalsName(x.text) && IsListedName(x) && !IsAmbiguous(x)))
      return false;
    if (openers.count(x.lower) && !x.opens_sentence) return true;
    return IsListedName(x) && !IsAmbiguous(x);
  };
  auto surname_after = [&](size_t i) {
    return i + 1 < w.size() && (w[i + 1].upper || from_original.count(w[i + 1].lower)) &&
           (!Acronym(w[i + 1].text) || CapitalsName(w[i + 1].text)) &&
           s.substr(w[i].end, w[i + 1].begin - w[i].end).find_first_not_of(' ') ==
               std::string_view::npos &&
           (IsListedName(w[i + 1]) || from_original.count(w[i + 1].lower)) &&
           !NotPeople().count(w[i + 1].lower);
  };
  for (size_t i = 0; i < w.size(); ++i) {
    const Word& x = w[i];
    // A title and the name after it: "Mrs Patel", "Mr Ford", "Dr. Okafor".
    if (In(kTitles, x.lower) && x.upper && i + 1 < w.size() && w[i + 1].upper) {
      size_t j = i + 1;
      if (j + 1 < w.size() && w[j + 1].upper && IsListedName(w[j + 1])) ++j;
      c.Add("name", x.begin, w[j].end, false);
      i = j;
      continue;
    }
    // Introduced: "a man called Kev", "known as Bogdan", "named Grace".
    if ((x.lower == "called" || x.lower == "named" || x.lower == "nicknamed" ||
         (x.lower == "as" && i > 0 && w[i - 1].lower == "known")) &&
        i + 1 < w.size() && w[i + 1].upper && !c.Protected(w[i + 1].begin, w[i + 1].end) &&
        !CommonWords().count(w[i + 1].lower)) {
      size_t j = i + 1;
      if (surname_after(j)) ++j;
      c.Add("name", w[i + 1].begin, w[j].end);
      i = j;
      continue;
    }
    if (!name_like(i)) {
      // An ambiguous first name inside a sentence, before a word in lower
      // case: "Mark from the lashing gang", "told Grace on the weighbridge".
      if (x.upper && !x.opens_sentence && x.text.size() >= 3 && Names().first.count(x.lower) &&
          Names().ambiguous.count(x.lower) && !CommonWords().count(x.lower) &&
          !NotPeople().count(x.lower) && !Makes().count(x.lower) && !In(kMonths, x.lower) &&
          !In(kWeekdays, x.lower) && !c.Protected(x.begin, x.end) && i + 1 < w.size() &&
          !w[i + 1].upper && !std::isdigit(static_cast<unsigned char>(w[i + 1].text[0]))) {
        c.Add("name", x.begin, x.end);
        continue;
      }
      // An ambiguous first name with a listed surname: "Will Kowalski".
      if (x.upper && !x.opens_sentence && Names().first.count(x.lower) && surname_after(i) &&
          !IsAmbiguous(w[i + 1])) {
        c.Add("name", x.begin, w[i + 1].end);
        ++i;
      }
      continue;
    }
    size_t j = i;
    if (surname_after(j) || (j + 1 < w.size() && name_like(j + 1) &&
                             s.substr(w[j].end, w[j + 1].begin - w[j].end) == " ")) {
      ++j;
    }
    c.Add("name", x.begin, w[j].end);
    i = j;
  }
}

// ---- The reporter --------------------------------------------------------

// Whether `at` lies inside quotation marks ("...", “...”): reported speech,
// such as the words of a flyer or of the people reported on.
bool InQuotes(std::string_view s, size_t at) {
  int straight = 0, open = 0;
  for (size_t i = 0; i < at && i < s.size(); ++i) {
    if (s[i] == '"') ++straight;
    if (s.substr(i, 3) == "\xE2\x80\x9C" || s.substr(i, 3) == "\xE2\x80\x9E") ++open;  // “ „
    if (s.substr(i, 3) == "\xE2\x80\x9D") --open;                                      // ”
  }
  return straight % 2 == 1 || open > 0;
}

void FindFirstPerson(std::string_view s, const std::vector<Word>& w, Collector& c) {
  static const std::set<std::string, std::less<>> kWords = {
      "i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself", "we", "we've", "we're",
      "our", "ours", "us",
      // Polish: I, me, my, and the first person of the verbs a report uses.
      "ja", "mnie", "mi", "mną", "mój", "moja", "moje", "mojego", "mojej", "moim", "moją", "moich",
      "widziałem", "widziałam", "słyszałem", "słyszałam", "byłem", "byłam", "pracuję", "pracowałem",
      "pracowałam", "zauważyłem", "zauważyłam", "nasz", "nasza", "nasze", "naszej", "naszego",
      "nam", "nas", "my"};
  for (size_t i = 0; i < w.size(); ++i) {
    const Word& x = w[i];
    if (!kWords.count(x.lower)) continue;
    if (x.lower == "us" && x.text == "US") continue;  // the United States
    if (x.text == "MY") continue;                     // a motor yacht, "MY Blue Horizon"
    if (InQuotes(s, x.begin)) continue;               // someone else's words
    if (x.lower == "i" && x.text != "I") continue;    // "i" in a list, not the reporter
    // With the next word, so the handler sees it in context ("I saw").
    const size_t end = i + 1 < w.size() ? w[i + 1].end : x.end;
    c.Add("first_person", x.begin, end);
  }
}

// Self-descriptions, over the draft in lower case. Each match is a warning.
const std::vector<std::regex>& SelfPatterns() {
  static const std::vector<std::regex> kPatterns = [] {
    const char* roles =
        "(driver|lasher|clerk|checker|foreman|forewoman|supervisor|technician|fitter|"
        "electrician|stevedore|docker|operator|planner|officer|guard|gateman|cleaner|engineer|"
        "mechanic|pilot|linesman|rigger|banksman|signaller|tallyman|controller|worker|"
        "labourer|welder|attendant|marshal|loader|agent|hand)s?";
    const std::vector<std::string> src = {
        // "the reporter is ...", "our source works ...", "the source's role".
        R"(\b(the|our|this|a|that) (reporter|source|informant|caller|contact|person reporting)('s)? )"
        R"((is|was|works|worked|has|had|drives|drove|operates|started|joined|belongs|sits|holds|)"
        R"(lives|knows|covers|runs|manages|leads|speaks|role|job|position|shift)\b[^.;,]{0,60})",
        // "the only woman on the night shift", "the only Romanian speaker".
        R"(\bthe only [^.;,]{2,60})",
        // "one of two reefer technicians".
        R"(\bone of (only |just )?(two|three|four|five|a few|a handful of|2|3|4|5) [^.;,]{2,40})",
        // "works as a lasher", "employed as the gate supervisor".
        R"(\b(works|working|worked|employed|hired|taken on|started) as (a|an|the) [^.;,]{2,40})",
        // "started three weeks ago", "joined the company last month".
        R"(\b(started|joined)( work| working)?( here| there| at [a-z ]{2,30}| the [a-z ]{2,30})?)"
        R"( (only |just )?(a|one|two|three|four|five|six|a few|\d+) (day|days|week|weeks|month|months|year|years) ago)",
        R"(\b(has|have|had) worked (here|there|at [a-z ]{2,30}) for [^.;,]{2,30})",
        R"(\bnew (starter|recruit|joiner)\b)",
        // "the youngest pilot at Harwich Haven", "the longest-serving lasher".
        R"(\bthe (youngest|oldest|newest|longest-serving|longest serving|most senior|)"
        R"(most junior) [a-z-]+( [a-z-]+){0,2} (at|in|on|of)\b[^.;,]{0,30})",
        // "whose brother is a customs officer".
        R"(\bwhose (brother|sister|wife|husband|father|mother|son|daughter|cousin|uncle|aunt|)"
        R"(partner|girlfriend|boyfriend|dad|mum)\b[^.;,]{0,40})",
        // A role and a shift, crew or watch: "a crane driver on C shift",
        // "the tally clerk on the 6-2", "lasher on B crew".
        std::string(R"(\b)") + roles +
            R"( (on|in|from|of|working) (the )?([a-d]|red|blue|green|white|night|nights|day|days|)"
            R"(early|earlies|late|lates|back|weekend|\d{1,2}-\d{1,2})( shift| shifts| crew| watch|)"
            R"( gang| team| rota)\b)",
        std::string(R"(\b)") + roles + R"( (on|in) (the )?\d{1,2}-\d{1,2}\b)",
        std::string(R"(\b([a-d]|red|blue|green) (shift|crew|watch|gang)('s)? )") + roles,
        // Polish: "zgłaszający jest", "jedyna kobieta", "pracuje jako".
        R"(\b(zgłaszający|zgłaszająca|źródło|informator|informatorka|osoba zgłaszająca) )"
        R"((jest|był|była|pracuje|pracował|pracowała|ma|zna|prowadzi|jeździ)\b[^.;,]{0,60})",
        R"((^|[^a-ząćęłńóśźż])(jedyna|jedyny|jedyną|jedynym|jedynej) [^.;,]{2,50})",
        R"(\bpracuje (jako|na stanowisku) [^.;,]{2,40})",
        R"(\bjedn(ą|ym|a|en) z (dwóch|dwu|trzech|czterech|kilku) [^.;,]{2,40})",
        R"(\bna zmianie [a-d]\b)",
        R"(\b(zaczął|zaczęła) (pracę |pracować )?[^.;,]{0,20}(tygodni|tydzień|miesięcy|miesiąc|dni) temu)",
        R"(\bpracuje [^.;,]{0,30}(od|przez) [^.;,]{0,20}(tygodni|tygodnia|miesięcy|miesiąca|dni|lat|roku))",
    };
    std::vector<std::regex> out;
    for (const auto& p : src) out.emplace_back(p, std::regex::ECMAScript | std::regex::optimize);
    return out;
  }();
  return kPatterns;
}

void FindSelfDescriptions(std::string_view s, Collector& c) {
  const std::string folded = Fold(s);
  if (folded.size() != s.size()) return;  // offsets would not match the draft
  for (const auto& re : SelfPatterns()) {
    for (auto it = std::sregex_iterator(folded.begin(), folded.end(), re);
         it != std::sregex_iterator(); ++it) {
      size_t b = static_cast<size_t>(it->position(0));
      const size_t e = b + static_cast<size_t>(it->length(0));
      while (b < e && !IsWordByte(static_cast<unsigned char>(s[b]))) ++b;
      c.Add("self_description", b, e, false);
    }
  }
}

// ---- Dates and times -----------------------------------------------------

bool IsNumber(std::string_view t, int lo, int hi, int* value = nullptr) {
  if (t.empty() || t.size() > 4) return false;
  int v = 0;
  for (char ch : t) {
    if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
    v = v * 10 + (ch - '0');
  }
  if (value) *value = v;
  return v >= lo && v <= hi;
}

// "14", "14th", "3rd", "1st", "22nd".
bool IsDayNumber(std::string_view t) {
  std::string_view d = t;
  if (d.size() > 2) {
    const std::string_view suffix = d.substr(d.size() - 2);
    if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") {
      d.remove_suffix(2);
    }
  }
  return IsNumber(d, 1, 31);
}

// Days named by a holiday: "Christmas Eve", "Boxing Day", "Wigilia".
constexpr std::array<std::string_view, 16> kHolidays = {
    "christmas eve", "christmas day",   "boxing day",    "new year's eve", "new year's day",
    "new years eve", "easter monday",   "easter sunday", "good friday",    "bank holiday monday",
    "bonfire night", "valentine's day", "halloween",     "wigilia",        "wigilię",
    "sylwester"};

void FindDates(std::string_view s, const std::vector<Word>& w, Collector& c) {
  const std::string folded = Fold(s);
  if (folded.size() == s.size()) {
    for (auto h : kHolidays) {
      for (size_t at = folded.find(h); at != std::string::npos; at = folded.find(h, at + 1)) {
        c.Add("date", at, at + h.size());
      }
    }
  }
  for (size_t i = 0; i < w.size(); ++i) {
    const Word& x = w[i];
    const bool weekday = In(kWeekdays, x.lower);
    const bool month = In(kMonths, x.lower) && (x.upper || x.lower.size() > 3 || x.lower == "may");
    // "the Sunday sailings", "Monday shifts": a kind of day, not a date.
    const bool kind_of_day = i + 1 < w.size() && !w[i + 1].upper && w[i + 1].lower.size() > 3 &&
                             w[i + 1].lower.back() == 's' && IsWordByte(w[i + 1].lower[0]) &&
                             !std::isdigit(static_cast<unsigned char>(w[i + 1].lower[0]));
    if (weekday && (x.upper || x.lower.size() > 4) && !kind_of_day) {
      // "Tuesday", "Tuesday 14 March", "Tuesday the 14th".
      size_t j = i;
      if (j + 1 < w.size() && w[j + 1].lower == "the" && j + 2 < w.size() &&
          IsDayNumber(w[j + 2].lower)) {
        j += 2;
      } else if (j + 1 < w.size() && IsDayNumber(w[j + 1].lower)) {
        ++j;
      }
      if (j > i && j + 1 < w.size() && In(kMonths, w[j + 1].lower)) ++j;
      c.Add("date", x.begin, w[j].end);
      i = j;
      continue;
    }
    // "14 March", "14th of March 2026", "14 marca", "18-19 April".
    const size_t dash = x.lower.find_first_of("-");
    const bool day_range = dash != std::string::npos && IsDayNumber(x.lower.substr(0, dash)) &&
                           IsDayNumber(x.lower.substr(dash + 1));
    if (IsDayNumber(x.lower) || day_range) {
      size_t j = i + 1;
      if (j < w.size() && w[j].lower == "of") ++j;
      if (j < w.size() && In(kMonths, w[j].lower)) {
        if (j + 1 < w.size() && IsNumber(w[j + 1].lower, 1990, 2100)) ++j;
        c.Add("date", x.begin, w[j].end);
        i = j;
        continue;
      }
    }
    // "March 14", "March 14th".
    if (month && i + 1 < w.size() && IsDayNumber(w[i + 1].lower) &&
        !(w[i + 1].lower.size() <= 2 && i + 2 < w.size() &&
          (w[i + 2].lower == "containers" || w[i + 2].lower == "boxes"))) {
      c.Add("date", x.begin, w[i + 1].end);
      ++i;
      continue;
    }
    // "the 14th", "on the 3rd".
    if (x.lower == "the" && i + 1 < w.size() && IsDayNumber(w[i + 1].lower) &&
        w[i + 1].lower.size() > 2 &&
        !std::isdigit(static_cast<unsigned char>(w[i + 1].lower.back()))) {
      const bool floor = i + 2 < w.size() && (w[i + 2].lower == "floor" ||
                                              w[i + 2].lower == "row" || w[i + 2].lower == "tier" ||
                                              w[i + 2].lower == "bay" || w[i + 2].lower == "time");
      if (!floor) c.Add("date", w[i + 1].begin, w[i + 1].end);
    }
  }
  // Numeric dates: "14/03", "3/11", "14/03/2026", "2026-03-14", "14.03.2026".
  static const std::regex kNumeric(
      R"((^|[^0-9a-z/.-])((\d{1,2})[/.](\d{1,2})([/.](\d{2}|\d{4}))?|(\d{4})-(\d{2})-(\d{2}))(?![0-9a-z/]))",
      std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  const std::string str(s);
  for (auto it = std::sregex_iterator(str.begin(), str.end(), kNumeric);
       it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    const size_t b = static_cast<size_t>(m.position(2));
    const size_t e = b + static_cast<size_t>(m.length(2));
    if (m[7].matched) {
      int mo = 0, d = 0;
      if (IsNumber(m[8].str(), 1, 12, &mo) && IsNumber(m[9].str(), 1, 31, &d)) c.Add("date", b, e);
      continue;
    }
    const std::string a = m[3].str(), bb = m[4].str();
    const bool dotted = s[static_cast<size_t>(m.position(3)) + a.size()] == '.';
    if (dotted && !m[5].matched) continue;  // "2.40" is a time, "1.5" a number
    if (a == "24" && bb == "7") continue;   // "24/7"
    // "3/4 full", "Berths 8/9": a fraction, or a pair of numbered things.
    {
      size_t q = e;
      while (q < s.size() && s[q] == ' ') ++q;
      const std::string next = Fold(s.substr(q, 6));
      if (next.rfind("full", 0) == 0 || next.rfind("empty", 0) == 0 || next.rfind("of ", 0) == 0 ||
          next.rfind("laden", 0) == 0 || next.rfind("loaded", 0) == 0) {
        continue;
      }
      size_t p = b;
      while (p > 0 && s[p - 1] == ' ') --p;
      if (p > 1 && (s[p - 1] == 's' || s[p - 1] == 'S') &&
          std::isalpha(static_cast<unsigned char>(s[p - 2]))) {
        continue;
      }
    }
    const bool dm = IsNumber(a, 1, 31) && IsNumber(bb, 1, 12);
    const bool md = IsNumber(a, 1, 12) && IsNumber(bb, 1, 31);
    if ((dm || md) &&
        !(a.size() == 1 && bb.size() == 1 && !m[5].matched && s.substr(e, 4).find("of") == 1)) {
      c.Add("date", b, e);
    }
  }
}

// Words that may follow "at 4" when 4 is the hour: "came back at 4 with".
const std::set<std::string, std::less<>> kClauseWords = {
    "in",   "this", "that",  "when",    "and", "or",   "with", "by",     "to",
    "from", "for",  "after", "before",  "but", "then", "he",   "she",    "they",
    "the",  "a",    "sharp", "exactly", "on",  "pm",   "am",   "o'clock"};

void FindTimes(std::string_view s, const std::vector<Word>& w, Collector& c) {
  auto digit = [&](size_t i) {
    return i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]));
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (!digit(i) ||
        (i > 0 && (digit(i - 1) || std::isalpha(static_cast<unsigned char>(s[i - 1])) ||
                   s[i - 1] == '.' || s[i - 1] == ':' || s[i - 1] == '/')))
      continue;
    if (i > 0 && (s[i - 1] == '\xA3' || s[i - 1] == '$')) continue;  // money
    if (i > 1 && static_cast<unsigned char>(s[i - 2]) == 0xC2 &&
        static_cast<unsigned char>(s[i - 1]) == 0xA3)
      continue;  // "£2.40" in UTF-8
    size_t j = i;
    while (digit(j)) ++j;
    const size_t n = j - i;
    size_t end = j;
    bool time = false;
    if ((n == 1 || n == 2) && j < s.size() && (s[j] == ':' || s[j] == '.') && digit(j + 1) &&
        digit(j + 2) && !digit(j + 3)) {
      int h = 0, m = 0;
      const char after = j + 3 < s.size()
                             ? static_cast<char>(std::tolower(static_cast<unsigned char>(s[j + 3])))
                             : ' ';
      size_t u = j + 3;
      while (u < s.size() && s[u] == ' ') ++u;
      const std::string unit = Fold(s.substr(u, 7));
      const bool measured =
          (std::isalpha(static_cast<unsigned char>(after)) && after != 'a' && after != 'p' &&
           after != 'h') ||
          unit.rfind("metre", 0) == 0 || unit.rfind("meter", 0) == 0 || unit.rfind("m ", 0) == 0 ||
          unit.rfind("tonne", 0) == 0 || unit.rfind("kg", 0) == 0 || unit.rfind("knot", 0) == 0 ||
          unit.rfind("mile", 0) == 0 || unit.rfind("ft", 0) == 0 || unit.rfind("feet", 0) == 0 ||
          unit.rfind("percent", 0) == 0 || unit.rfind("%", 0) == 0 || unit.rfind("litre", 0) == 0;
      if (IsNumber(s.substr(i, n), 0, 24, &h) && IsNumber(s.substr(j + 1, 2), 0, 59, &m) &&
          !(j + 3 < s.size() && (s[j + 3] == '.' || s[j + 3] == '/') && digit(j + 4)) &&
          !measured) {
        end = j + 3;
        time = true;
      }
    }
    size_t k = end;
    while (k < s.size() && s[k] == ' ') ++k;
    const std::string rest = Fold(s.substr(k, 8));
    const bool alpha_after = k + 2 < s.size() && std::isalpha(static_cast<unsigned char>(s[k + 2]));
    if (n <= 2 && (rest.rfind("am", 0) == 0 || rest.rfind("pm", 0) == 0) &&
        (!alpha_after || rest.rfind("a.m", 0) == 0 || rest.rfind("p.m", 0) == 0) &&
        IsNumber(s.substr(i, n), 1, 12)) {
      end = k + (rest.rfind("a.m.", 0) == 0 || rest.rfind("p.m.", 0) == 0 ? 4 : 2);
      time = true;
    }
    if (n <= 2 && rest.rfind("o'clock", 0) == 0) {
      end = k + 7;
      time = true;
    }
    // "0400 hours", "2315hrs", "at 0400".
    int hhmm = 0;
    if (n == 4 && IsNumber(s.substr(i, 4), 0, 2359, &hhmm) && hhmm % 100 < 60) {
      if (rest.rfind("hour", 0) == 0 || rest.rfind("hrs", 0) == 0 || rest.rfind("hr", 0) == 0 ||
          rest.rfind("h ", 0) == 0) {
        end = k + (rest.rfind("hours", 0) == 0 ? 5 : rest.rfind("hrs", 0) == 0 ? 3 : 2);
        time = true;
      } else {
        size_t p = i;
        while (p > 0 && s[p - 1] == ' ') --p;
        const std::string before = Fold(s.substr(p >= 12 ? p - 12 : 0, p >= 12 ? 12 : p));
        for (std::string_view prep :
             {" at", " from", " until", " till", " by", " around", " about", " approx",
              " approximately", " before", " after", " circa", " o"}) {
          if (before.ends_with(prep) || before == prep.substr(1)) time = true;
        }
        // "around 1200 cartons" is a count: after the number, only a word
        // that can follow a time.
        size_t q = j;
        while (q < s.size() && s[q] == ' ') ++q;
        if (time && q < s.size() && std::isalpha(static_cast<unsigned char>(s[q]))) {
          size_t r = q;
          while (r < s.size() && std::isalpha(static_cast<unsigned char>(s[r]))) ++r;
          static const std::set<std::string, std::less<>> kFollowers = {
              "the", "a",   "an",    "when",  "and",   "on",    "in",      "at",   "gmt",
              "bst", "utc", "local", "that",  "this",  "he",    "she",     "they", "with",
              "by",  "to",  "from",  "until", "two",   "three", "someone", "men",  "both",
              "as",  "i",   "we",    "hrs",   "hours", "h"};
          if (!kFollowers.count(Fold(s.substr(q, r - q)))) time = false;
        }
      }
    }
    // "2315hrs" written together.
    if (n == 4 && !time && j + 3 <= s.size() && Fold(s.substr(j, 3)) == "hrs") {
      end = j + 3;
      time = true;
    }
    if (time) c.Add("time", i, end);
    i = (time ? end : j) - 1;
  }
  // Words: "quarter past eleven", "half ten", "ten to six", "eleven o'clock",
  // "at midnight"; "at 4" said alone; Polish "kwadrans po jedenastej".
  for (size_t i = 0; i < w.size(); ++i) {
    const std::string& x = w[i].lower;
    auto hour_at = [&](size_t k) {
      return k < w.size() && (In(kHourWords, w[k].lower) || IsNumber(w[k].lower, 1, 12) ||
                              w[k].lower == "midnight" || w[k].lower == "noon");
    };
    if ((x == "quarter" || x == "half" || x == "ten" || x == "twenty" || x == "five" ||
         x == "twenty-five" || IsNumber(x, 1, 30)) &&
        i + 2 < w.size() && (w[i + 1].lower == "past" || w[i + 1].lower == "to") &&
        hour_at(i + 2)) {
      c.Add("time", w[i].begin, w[i + 2].end);
      i += 2;
      continue;
    }
    if (x == "half" && hour_at(i + 1) && w[i + 1].lower != "midnight" &&
        !(i + 2 < w.size() && (w[i + 2].lower == "hour" || w[i + 2].lower == "hours" ||
                               w[i + 2].lower == "a" || w[i + 2].lower == "of"))) {
      c.Add("time", w[i].begin, w[i + 1].end);
      ++i;
      continue;
    }
    if ((In(kHourWords, x) || IsNumber(x, 1, 12)) && i + 3 < w.size() && w[i + 1].lower == "in" &&
        w[i + 2].lower == "the" &&
        (w[i + 3].lower == "morning" || w[i + 3].lower == "afternoon" ||
         w[i + 3].lower == "evening")) {
      c.Add("time", w[i].begin, w[i + 3].end);
      i += 3;
      continue;
    }
    if (In(kHourWords, x) && i + 1 < w.size() &&
        (w[i + 1].lower == "o'clock" || w[i + 1].lower == "oclock")) {
      c.Add("time", w[i].begin, w[i + 1].end);
      ++i;
      continue;
    }
    if ((x == "midnight" || x == "midday" || x == "noon") && i > 0 &&
        (w[i - 1].lower == "at" || w[i - 1].lower == "after" || w[i - 1].lower == "before" ||
         w[i - 1].lower == "around" || w[i - 1].lower == "about" || w[i - 1].lower == "past")) {
      c.Add("time", w[i - 1].begin, w[i].end);
      continue;
    }
    // "at 4", "about 11": an hour alone after a preposition, at the end of
    // a clause or before "in the morning".
    if ((x == "at" || x == "around" || x == "about" || x == "gone" || x == "until") &&
        i + 1 < w.size() && (IsNumber(w[i + 1].lower, 1, 12) || In(kHourWords, w[i + 1].lower)) &&
        s.substr(w[i + 1].end, 1).find_first_of("/:.-") == std::string_view::npos) {
      const size_t after = w[i + 1].end;
      const bool clause_end = after >= s.size() || s[after] == ',' || s[after] == '.' ||
                              s[after] == ';' || s[after] == ')' ||
                              (i + 2 < w.size() && kClauseWords.count(w[i + 2].lower));
      if (clause_end) c.Add("time", w[i].begin, w[i + 1].end);
    }
    // Polish: "kwadrans po jedenastej", "wpół do dwunastej", "o północy".
    if ((x == "kwadrans" && i + 1 < w.size() &&
         (w[i + 1].lower == "po" || w[i + 1].lower == "przed")) ||
        (x == "wpół" && i + 1 < w.size() && w[i + 1].lower == "do")) {
      c.Add("time", w[i].begin, w[std::min(i + 2, w.size() - 1)].end);
      i += 2;
      continue;
    }
    if (x == "północy" && i > 0 && w[i - 1].lower == "o") c.Add("time", w[i - 1].begin, w[i].end);
    if (x == "godzinie" && i + 1 < w.size()) c.Add("time", w[i].begin, w[i + 1].end);
  }
}

// ---- Numbers of people: passes, phones, e-mail -------------------------

void FindPassNumbers(std::string_view s, Collector& c) {
  static const std::regex kPass(
      R"(\b(pass|badge|id card|identity card|id|staff|works|payroll|employee|personnel|worker|)"
      R"(clock|clocking|swipe|access card|card|security pass|permit|)"
      R"(przepustk(a|i|ę|ą|e|y)|identyfikator[a-z]*|karta|karty|)"
      R"(numer[a-z]* (pracownicz|służbow|identyfikator|przepustki)[a-ząęó]*)"
      R"()( number| no\.?| num\.?| nr\.?| numer| id| #| ending( in)?| kończąc[a-z]*)?(:|\s)*)"
      R"((#\s*)?([a-z]{1,4}-)*[a-z]{0,4}[- ]?\d[\d-]*\d)",
      std::regex::ECMAScript | std::regex::optimize);
  const std::string folded = Fold(s);
  if (folded.size() != s.size()) return;
  for (auto it = std::sregex_iterator(folded.begin(), folded.end(), kPass);
       it != std::sregex_iterator(); ++it) {
    const size_t b = static_cast<size_t>(it->position(0));
    const std::string digits = it->str(0);
    if (std::count_if(digits.begin(), digits.end(),
                      [](unsigned char ch) { return std::isdigit(ch); }) >= 3)
      c.Add("pass_number", b, b + static_cast<size_t>(it->length(0)));
  }
}

// Runs of digits (with spaces, dashes, dots, brackets and a leading '+')
// holding 7 to 15 digits.
void FindPhones(std::string_view s, Collector& c) {
  size_t i = 0;
  while (i < s.size()) {
    const auto ch = static_cast<unsigned char>(s[i]);
    if (!std::isdigit(ch) &&
        !(ch == '+' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      ++i;
      continue;
    }
    if (i > 0 && std::isalpha(static_cast<unsigned char>(s[i - 1]))) {
      // Digits glued to a word ("A4", "r+4") are part of that word. Always
      // step past s[i]: a '+' is not alphanumeric, and stopping on it would
      // come back here for ever.
      ++i;
      while (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
      continue;
    }
    const size_t b = i;
    size_t digits = 0, last_digit = i;
    while (i < s.size()) {
      const auto d = static_cast<unsigned char>(s[i]);
      if (std::isdigit(d)) {
        ++digits;
        last_digit = i;
      } else if (!(d == ' ' || d == '-' || d == '(' || d == ')' || (d == '+' && i == b))) {
        break;
      }
      ++i;
    }
    // "MSCU 1234565", "IMO 9074729": a code word before the digits makes
    // them an identifier of a thing, not a phone number.
    size_t p = b;
    while (p > 0 && s[p - 1] == ' ') --p;
    size_t q = p;
    while (q > 0 && std::isupper(static_cast<unsigned char>(s[q - 1]))) --q;
    const bool after_code =
        p - q >= 3 && (q == 0 || !std::isalpha(static_cast<unsigned char>(s[q - 1])));
    if (digits >= 7 && digits <= 15 && !after_code) c.Add("phone", b, last_digit + 1);
  }
}

// "j.smith at example dot com", "t.oneill[at]example.com".
void FindSpelledEmails(std::string_view s, Collector& c) {
  static const std::regex kSpelled(
      R"([a-z0-9._+-]+ ?(\[at\]|\(at\)| at |@) ?[a-z0-9-]+( ?(\.|\[dot\]|\(dot\)| dot ) ?[a-z0-9-]+)*)"
      R"( ?(\.|\[dot\]|\(dot\)| dot ) ?(com|net|org|uk|pl|ro|lt|io|info|eu|de|nl|ie)\b)",
      std::regex::ECMAScript | std::regex::optimize);
  const std::string folded = Fold(s);
  if (folded.size() != s.size()) return;
  for (auto it = std::sregex_iterator(folded.begin(), folded.end(), kSpelled);
       it != std::sregex_iterator(); ++it) {
    const std::string m = it->str(0);
    if (m.find(" at ") != std::string::npos && m.find(" dot ") == std::string::npos &&
        m.find('.') == std::string::npos) {
      continue;
    }
    const size_t b = static_cast<size_t>(it->position(0));
    c.Add("email", b, b + m.size(), false);
  }
}

void FindEmails(std::string_view s, Collector& c) {
  for (size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
    size_t b = at, e = at + 1;
    auto local = [](unsigned char ch) {
      return std::isalnum(ch) || ch == '.' || ch == '_' || ch == '-' || ch == '+';
    };
    while (b > 0 && local(static_cast<unsigned char>(s[b - 1]))) --b;
    while (e < s.size() &&
           (std::isalnum(static_cast<unsigned char>(s[e])) || s[e] == '.' || s[e] == '-'))
      ++e;
    std::string_view domain = s.substr(at + 1, e - at - 1);
    while (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
    if (b < at && domain.find('.') != std::string_view::npos) {
      c.Add("email", b, at + 1 + domain.size(), false);
    }
  }
}

}  // namespace

const std::vector<std::string_view>& IdentifyingKinds() {
  static const std::vector<std::string_view> kKinds = {
      "name", "first_person", "self_description", "date", "time", "pass_number", "phone", "email"};
  return kKinds;
}

std::vector<Finding> FindIdentifying(std::string_view original, std::string_view draft,
                                     const IdentifyingContext& context) {
  Collector c(draft, context.intelligence);
  const std::vector<Word> words = Words(draft);
  ProtectNonPeople(draft, words, context, c);
  FindEmails(draft, c);
  FindSpelledEmails(draft, c);
  FindPassNumbers(draft, c);
  FindPhones(draft, c);
  FindDates(draft, words, c);
  FindTimes(draft, words, c);
  FindSelfDescriptions(draft, c);
  FindNames(original, draft, words, c);
  FindFirstPerson(draft, words, c);
  return c.Take();
}

}  // namespace portsafe::core
