// The mocks' constructors and destructors, out of line: each mock is compiled
// once here (portsafe_mocks), so a mock that no longer matches its
// interface fails the build even when no test uses it yet.
#include "store/mock_alert_store.h"
#include "store/mock_cluster_store.h"
#include "store/mock_conn.h"
#include "store/mock_link_store.h"
#include "store/mock_membership_store.h"
#include "store/mock_staff_store.h"
#include "store/mock_store.h"

namespace portsafe::store {

MockAlertStore::MockAlertStore() = default;
MockAlertStore::~MockAlertStore() = default;
MockClusterStore::MockClusterStore() = default;
MockClusterStore::~MockClusterStore() = default;
MockStatement::MockStatement() = default;
MockStatement::~MockStatement() = default;
MockConn::MockConn() = default;
MockConn::~MockConn() = default;
MockLinkStore::MockLinkStore() = default;
MockLinkStore::~MockLinkStore() = default;
MockMembershipStore::MockMembershipStore() = default;
MockMembershipStore::~MockMembershipStore() = default;
MockStaffStore::MockStaffStore() = default;
MockStaffStore::~MockStaffStore() = default;
MockStore::MockStore() = default;
MockStore::~MockStore() = default;

}  // namespace portsafe::store
