#ifndef TTHC_CLIBPQ_SHIM_H
#define TTHC_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
