// The mocks' constructors and destructors, out of line: each mock is compiled
// once here (portsafe_mocks), so a mock that no longer matches its
// interface fails the build even when no test uses it yet.
#include "service/mock_agency_service.h"
#include "service/mock_alert_service.h"
#include "service/mock_auth_service.h"
#include "service/mock_figures_service.h"
#include "service/mock_handling_service.h"
#include "service/mock_link_service.h"
#include "service/mock_mail_sender.h"
#include "service/mock_membership_service.h"
#include "service/mock_notifier.h"
#include "service/mock_reporting_service.h"
#include "service/mock_team_service.h"

namespace portsafe::service {

MockAgencyService::MockAgencyService() = default;
MockAgencyService::~MockAgencyService() = default;
MockAlertService::MockAlertService() = default;
MockAlertService::~MockAlertService() = default;
MockAuthService::MockAuthService() = default;
MockAuthService::~MockAuthService() = default;
MockFiguresService::MockFiguresService() = default;
MockFiguresService::~MockFiguresService() = default;
MockHandlingService::MockHandlingService() = default;
MockHandlingService::~MockHandlingService() = default;
MockLinkService::MockLinkService() = default;
MockLinkService::~MockLinkService() = default;
MockMailSender::MockMailSender() = default;
MockMailSender::~MockMailSender() = default;
MockMembershipService::MockMembershipService() = default;
MockMembershipService::~MockMembershipService() = default;
MockNotifier::MockNotifier() = default;
MockNotifier::~MockNotifier() = default;
MockReportingService::MockReportingService() = default;
MockReportingService::~MockReportingService() = default;
MockTeamService::MockTeamService() = default;
MockTeamService::~MockTeamService() = default;

}  // namespace portsafe::service
