module djsign-vectors-consumer

go 1.19
