#include "service/learn_service_impl.h"

#include "core/text.h"

namespace portsafe::service {

LearnServiceImpl::LearnServiceImpl(LessonLibrary lessons, store::Store* store,
                                   store::MembershipStore* membership, const Clock* clock)
    : lessons_(std::move(lessons)), store_(store), membership_(membership), clock_(clock) {}

Result<Marked> LearnServiceImpl::Answer(const std::string& id, const std::string& lang,
                                        const std::map<std::string, std::string>& answers,
                                        const std::string& facility) {
  const Lesson* lesson = lessons_.Find(id, lang);
  if (lesson == nullptr) return NotFound("no such lesson").WithKey("error.lesson_unknown");
  std::string port;
  const std::string code = text::Upper(facility);  // as a phone's keyboard types it
  if (!code.empty()) {
    auto f = store_->FindFacility(code);
    if (!f.ok()) return f.error();
    if (!f->has_value() || (*f)->status != "active") {
      return NotFound("no such member facility").WithKey("error.place_unknown");
    }
    port = (*f)->port_code;
  }
  Marked m = MarkAnswers(*lesson, answers);
  if (m.complete && !code.empty()) {
    // The month only: nothing says when in it, or who.
    store::TallyRow delta{"lessons", code, port, clock_->Today().substr(0, 7), id, 1};
    if (auto st = membership_->AddTally(delta); !st.ok()) return st.error();
  }
  return m;
}

}  // namespace portsafe::service
