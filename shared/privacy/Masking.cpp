#include "Masking.h"
