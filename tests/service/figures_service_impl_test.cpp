// Figures from real reports through the real store: what port security
// managers and the public see, and what they must never see.
#include "service/figures_service_impl.h"

#include <gtest/gtest.h>

#include "core/approach.h"
#include "service/staff_world.h"

namespace portsafe::service {
namespace {

using portsafe::testing::StaffWorld;

const core::FigureTable& Table(const std::vector<core::FigureTable>& tables,
                               const std::string& id) {
  for (const auto& t : tables) {
    if (t.id == id) return t;
  }
  ADD_FAILURE() << "no table " << id;
  static core::FigureTable none;
  return none;
}

const core::FigureCell* Cell(const core::FigureTable& t, const std::string& key) {
  for (const auto& r : t.rows) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

class FiguresTest : public ::testing::Test {
 protected:
  StaffWorld w_;
  std::string month_ = w_.Today().substr(0, 7);
};

TEST_F(FiguresTest, AFacilitysManagerSeesItsCountsOnceTheMonthIsPublished) {
  for (int i = 0; i < 6; ++i) w_.Submit("report " + std::to_string(i), "drugs");
  auto handler = w_.Session(w_.Login(core::Role::kHandler));
  ASSERT_TRUE(w_.handling_->Classify(*handler, w_.LastReportId(), "drugs", "exploited").ok());
  auto manager = w_.Session(w_.Login(core::Role::kPortManager));

  // The month has not ended (plus 14 days): nothing is published.
  auto early = w_.figures_->ForFacility(*manager, "GBFXT-TRINITY");
  ASSERT_TRUE(early.ok());
  EXPECT_TRUE(early->empty());
  EXPECT_EQ(w_.figures_->FacilityMonth(*manager, "GBFXT-TRINITY", month_).error().code(),
            ErrorCode::kNotFound);

  w_.AdvanceMonths(2);
  auto figures = w_.figures_->ForFacility(*manager, "GBFXT-TRINITY");
  ASSERT_TRUE(figures.ok());
  const auto& by_month = Table(*figures, "reports-by-month");
  ASSERT_FALSE(by_month.rows.empty());
  EXPECT_EQ(by_month.rows.front().key, month_);
  // Six reports, all drugs, one exploited insider: whatever is shown is
  // the truth, and the one insider is only "fewer than 5".
  if (by_month.rows.front().shown()) EXPECT_EQ(by_month.rows.front().count, 6);
  const auto* drugs = Cell(Table(*figures, "reports-by-category"), "drugs");
  ASSERT_NE(drugs, nullptr);
  if (drugs->shown()) EXPECT_EQ(drugs->count, 6);
  // Two months are published by now (the second had no reports), and the
  // insider was fewer than 5 in each.
  const auto* exploited = Cell(Table(*figures, "reports-by-insider-type"), "exploited");
  ASSERT_NE(exploited, nullptr);
  EXPECT_EQ(exploited->state, core::CellState::kBelowMinimumEachMonth);
  EXPECT_EQ(Table(*figures, "reports-by-month").rows.size(), 2u);
  EXPECT_EQ(Table(*figures, "reports-by-category").from_month, month_);
  for (const char* id : {"disseminations-by-agency", "outcomes-by-kind"}) {
    EXPECT_FALSE(Table(*figures, id).rows.empty()) << id;
  }
  // The month itself, as published.
  auto month = w_.figures_->FacilityMonth(*manager, "GBFXT-TRINITY", month_);
  ASSERT_TRUE(month.ok());
  EXPECT_NE(FindTable(*month, "reports-total"), nullptr);
  const auto* insider = FindTable(*month, "reports-by-insider-type");
  ASSERT_NE(insider, nullptr);
  EXPECT_EQ(Cell(*insider, "exploited")->state, core::CellState::kBelowMinimum);
}

TEST_F(FiguresTest, NobodyElseSeesAFacilitysFigures) {
  auto handler = w_.Session(w_.Login(core::Role::kHandler));
  EXPECT_EQ(w_.figures_->ForFacility(*handler, "GBFXT-TRINITY").error().code(),
            ErrorCode::kPermissionDenied);
  auto manager = w_.Session(w_.Login(core::Role::kPortManager));
  EXPECT_EQ(w_.figures_->ForFacility(*manager, "GBDVR-EASTERN").error().code(),
            ErrorCode::kPermissionDenied);
  auto admin = w_.Session(w_.Login(core::Role::kAdmin));
  EXPECT_TRUE(w_.figures_->ForFacility(*admin, "GBFXT-TRINITY").ok());
  EXPECT_EQ(w_.figures_->ForFacility(*admin, "GBXXX-NONE").error().code(), ErrorCode::kNotFound);
  // A suspended facility's manager sees nothing until it is resumed.
  ASSERT_TRUE(w_.store_->membership().SetFacilityStatus("GBFXT-TRINITY", "suspended").ok());
  EXPECT_EQ(w_.figures_->ForFacility(*manager, "GBFXT-TRINITY").error().code(),
            ErrorCode::kPermissionDenied);
}

TEST_F(FiguresTest, NationalFiguresGroupByFreeportOperatorAndPort) {
  for (int i = 0; i < 7; ++i) w_.Submit("report " + std::to_string(i), "cargo_theft");
  w_.AdvanceMonths(2);  // the month is published
  auto national = w_.figures_->National();
  ASSERT_TRUE(national.ok());
  const auto* felixstowe = Cell(Table(*national, "reports-by-port"), "GBFXT");
  ASSERT_NE(felixstowe, nullptr);
  EXPECT_EQ(felixstowe->label, "Felixstowe (GBFXT)");
  // Every freeport has a row, so a row says nothing by being there, and each
  // table adds up to every report (the rest in a row of its own).
  EXPECT_NE(Cell(Table(*national, "reports-by-freeport"), "Freeport East"), nullptr);
  EXPECT_NE(Cell(Table(*national, "reports-by-freeport"), "Solent"), nullptr);
  EXPECT_NE(Cell(Table(*national, "reports-by-freeport"), "none"), nullptr);
  EXPECT_NE(Cell(Table(*national, "reports-by-operator"), "Hutchison Ports"), nullptr);
  EXPECT_NE(Cell(Table(*national, "reports-by-operator"), "other"), nullptr);
  EXPECT_NE(Cell(Table(*national, "reports-by-port"), "other"), nullptr);
  EXPECT_NE(Cell(Table(*national, "reports-by-category"), "cargo_theft"), nullptr);
  // Seven reports at one terminal: showing the 7 anywhere would prove that
  // every other port, freeport and kind of crime had none, so nothing of
  // the month is shown, and what is hidden says why.
  for (const auto& t : *national) {
    for (const auto& r : t.rows) {
      EXPECT_FALSE(r.shown()) << t.id << " " << r.key << " shows " << r.count;
    }
  }
  auto month = w_.figures_->NationalMonth(month_);
  ASSERT_TRUE(month.ok());
  EXPECT_EQ(Cell(*FindTable(*month, "reports-by-port"), "GBDVR")->state,
            core::CellState::kBelowMinimum);
  EXPECT_EQ(Cell(*FindTable(*month, "reports-by-port"), "GBFXT")->state,
            core::CellState::kProtectsAnother);
}

TEST_F(FiguresTest, ApproachesAreCountedByPortUnderTheSameRules) {
  auto file = [this](const std::string& port, const std::string& category, int n) {
    for (int i = 0; i < n; ++i) {
      core::ReportSubmission s;
      s.port = port;
      s.category = category;
      s.description = category + " " + std::to_string(i);
      if (category == core::kApproachCategory) s.approach_asked = "release_pin";
      s.lang = "en";
      w_.Submit(std::move(s));
    }
  };
  file("GBFXT", std::string(core::kApproachCategory), 12);
  file("GBFXT", "drugs", 11);
  file("GBDVR", "drugs", 13);
  file("GBDVR", std::string(core::kApproachCategory), 7);
  file("GBHRW", std::string(core::kApproachCategory), 2);
  w_.AdvanceMonths(2);  // the month is published
  auto month = w_.figures_->NationalMonth(month_);
  ASSERT_TRUE(month.ok());
  const auto* approaches = FindTable(*month, "approaches-by-port");
  ASSERT_NE(approaches, nullptr);
  EXPECT_EQ(approaches->dimension, core::Dimension::kPort);
  const auto* felixstowe = Cell(*approaches, "GBFXT");
  ASSERT_NE(felixstowe, nullptr);
  EXPECT_EQ(felixstowe->label, "Felixstowe (GBFXT)");
  ASSERT_TRUE(felixstowe->shown()) << core::ToString(felixstowe->state);
  EXPECT_EQ(felixstowe->count, 12);
  // Two at Harwich: never shown, nor left to be worked out as all
  // approaches less the others (figures_attack_test.cpp tries every
  // difference).
  EXPECT_EQ(Cell(*approaches, "GBHRW")->state, core::CellState::kBelowMinimum);
  const auto* all = Cell(*FindTable(*month, "reports-by-category"), "approach");
  const auto* dover = Cell(*approaches, "GBDVR");
  ASSERT_NE(all, nullptr);
  EXPECT_FALSE(all->shown() && dover->shown()) << "21 less 12 and 7 gives Harwich's 2";
}

// The right answer to every question of lesson `id`.
std::map<std::string, std::string> RightAnswers(const service::LessonLibrary& lib,
                                                const std::string& id) {
  std::map<std::string, std::string> out;
  for (const auto& q : lib.Find(id, "en")->questions) out[q.id] = q.answer;
  return out;
}

TEST_F(FiguresTest, LessonsCompletedThroughAFacilitysLinkAreCountedForItsManagerOnly) {
  auto& learn = *w_.learn_;
  const auto& lib = learn.lessons();
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(learn
                    .Answer("insider-kinds", i % 2 ? "pl" : "en",
                            RightAnswers(lib, "insider-kinds"), "GBFXT-TRINITY")
                    .ok());
  }
  // Wrong answers count too: the lesson was read and the check answered.
  auto wrong = RightAnswers(lib, "recruitment");
  for (auto& [q, a] : wrong) a = a == "a" ? "b" : "a";
  for (int i = 0; i < 2; ++i) {
    auto m = learn.Answer("recruitment", "en", wrong, "gbfxt-trinity");
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->right, 0);
    EXPECT_TRUE(m->complete);
  }
  // Not counted: a check left incomplete, a lesson read without a
  // facility's link, an unknown facility, an unknown lesson.
  auto partial = RightAnswers(lib, "staying-safe");
  partial.erase(partial.begin());
  auto incomplete = learn.Answer("staying-safe", "en", partial, "GBFXT-TRINITY");
  ASSERT_TRUE(incomplete.ok());
  EXPECT_FALSE(incomplete->complete);
  EXPECT_TRUE(learn.Answer("staying-safe", "en", RightAnswers(lib, "staying-safe"), "").ok());
  EXPECT_EQ(learn.Answer("staying-safe", "en", RightAnswers(lib, "staying-safe"), "GBXXX-NONE")
                .error()
                .code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(learn.Answer("no-such-lesson", "en", {}, "GBFXT-TRINITY").error().code(),
            ErrorCode::kNotFound);
  // The store holds bare counts by facility, month and lesson: no day, no
  // time, nothing that joins one person's lessons.
  auto tallies = w_.store_->membership().ListTallies();
  ASSERT_TRUE(tallies.ok());
  std::map<std::string, std::int64_t> counted;
  for (const auto& t : *tallies) {
    if (t.metric != "lessons") continue;
    EXPECT_EQ(t.facility_code, "GBFXT-TRINITY");
    EXPECT_EQ(t.port_code, "GBFXT");
    EXPECT_EQ(t.month, month_);
    counted[t.key] += t.count;
  }
  EXPECT_EQ(counted,
            (std::map<std::string, std::int64_t>{{"insider-kinds", 7}, {"recruitment", 2}}));

  // A lesson since withdrawn, counted before it was.
  ASSERT_TRUE(w_.store_->membership()
                  .AddTally({"lessons", "GBFXT-TRINITY", "GBFXT", month_, "old-lesson", 6})
                  .ok());
  EXPECT_EQ(w_.store_->membership()
                .AddTally({"lessons", "GBFXT-TRINITY", "GBFXT", month_, "x", 0})
                .error()
                .code(),
            ErrorCode::kInvalidArgument);

  auto manager = w_.Session(w_.Login(core::Role::kPortManager));
  // Nothing before the month is published.
  auto early = w_.figures_->ForFacility(*manager, "GBFXT-TRINITY");
  ASSERT_TRUE(early.ok());
  for (const auto& t : *early) EXPECT_NE(t.id, "lessons-completed") << "published too soon";
  w_.AdvanceMonths(2);
  auto month = w_.figures_->FacilityMonth(*manager, "GBFXT-TRINITY", month_);
  ASSERT_TRUE(month.ok());
  const auto* lessons = FindTable(*month, "lessons-completed");
  ASSERT_NE(lessons, nullptr);
  EXPECT_EQ(lessons->dimension, core::Dimension::kLesson);
  // Every lesson has a row, and so do the lessons since withdrawn.
  ASSERT_EQ(lessons->rows.size(), lib.ids().size() + 1);
  EXPECT_EQ(lessons->rows.back().key, "other");
  ASSERT_TRUE(lessons->rows.back().shown());
  EXPECT_EQ(lessons->rows.back().count, 6);
  const auto* insider = Cell(*lessons, "insider-kinds");
  EXPECT_EQ(insider->label, "The three kinds of insider");
  ASSERT_TRUE(insider->shown());
  EXPECT_EQ(insider->count, 7);
  EXPECT_EQ(Cell(*lessons, "recruitment")->state, core::CellState::kBelowMinimum);
  EXPECT_EQ(Cell(*lessons, "staying-safe")->state, core::CellState::kBelowMinimum);
  // Over the months too, and for nobody else.
  auto over = w_.figures_->ForFacility(*manager, "GBFXT-TRINITY");
  ASSERT_TRUE(over.ok());
  EXPECT_EQ(Cell(Table(*over, "lessons-completed"), "insider-kinds")->count, 7);
  auto handler = w_.Session(w_.Login(core::Role::kHandler));
  EXPECT_EQ(w_.figures_->ForFacility(*handler, "GBFXT-TRINITY").error().code(),
            ErrorCode::kPermissionDenied);
  auto national = w_.figures_->NationalMonth(month_);
  ASSERT_TRUE(national.ok());
  EXPECT_EQ(FindTable(*national, "lessons-completed"), nullptr);
  // A suspended member's link counts nothing.
  ASSERT_TRUE(w_.store_->membership().SetFacilityStatus("GBFXT-TRINITY", "suspended").ok());
  EXPECT_EQ(learn.Answer("insider-kinds", "en", RightAnswers(lib, "insider-kinds"), "GBFXT-TRINITY")
                .error()
                .code(),
            ErrorCode::kNotFound);
}

}  // namespace
}  // namespace portsafe::service
