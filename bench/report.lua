-- wrk script: POST one report per request to /api/v1/reports.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"port":"GBFXT","category":"cargo_theft","area":"Trinity Terminal",' ..
           '"description":"Seals on two reefers at stack C were swapped overnight; a grey van ' ..
           'waited by gate 4 for an hour.","containers":"MSCU 123456 5","how_known":"saw"}'
