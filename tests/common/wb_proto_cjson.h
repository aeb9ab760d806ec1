/*
 * wb_proto_cjson.h - the cJSON protocol decoder that the jsmn one replaced, kept as the peer of
 * the differential test and the decode benchmark (see wb_proto_cjson.c). An event it decodes
 * owns a cJSON tree and is freed with wb_event_fini_cjson(); a refused one owns nothing.
 */
#ifndef WB_PROTO_CJSON_H
#define WB_PROTO_CJSON_H

#include "wb_proto.h"

/* wb_event_decode_max() as it was: the same contract, the same refusal codes. */
int wb_event_decode_cjson(wb_event *ev, const char *buf, size_t len, size_t max);
/* Frees what wb_event_decode_cjson() allocated, and ev->snap. */
void wb_event_fini_cjson(wb_event *ev);

#endif
