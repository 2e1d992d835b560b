// Tests that help=1 starts with LSan's header line ("Available flags for LeakSanitizer:", as clang's and gcc's LSan print it), lists every flag with its meaning, type and default, then exits 0 before the program runs.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=help=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --strict-whitespace
#include "leaksan_test.h"

int main(void)
{
    fprintf(stderr, "main ran\n");
    return 3;
}

// CHECK: {{^}}Available flags for LeakSanitizer:{{$}}
// CHECK-NEXT: {{^	}}detect_leaks{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '1'){{$}}
// CHECK-NEXT: {{^	}}leak_check_at_exit{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '1'){{$}}
// CHECK-NEXT: {{^	}}exitcode{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (int, default: '23'){{$}}
// CHECK-NEXT: {{^	}}report_objects{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '0'){{$}}
// CHECK-NEXT: {{^	}}max_leaks{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (int, default: '0'){{$}}
// CHECK-NEXT: {{^	}}use_globals{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '1'){{$}}
// CHECK-NEXT: {{^	}}use_stacks{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '1'){{$}}
// CHECK-NEXT: {{^	}}use_registers{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '1'){{$}}
// CHECK-NEXT: {{^	}}use_tls{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '1'){{$}}
// CHECK-NEXT: {{^	}}use_root_regions{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '1'){{$}}
// CHECK-NEXT: {{^	}}use_unaligned{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '0'){{$}}
// CHECK-NEXT: {{^	}}use_ld_allocations{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '1'){{$}}
// CHECK-NEXT: {{^	}}malloc_context_size{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (int, default: '30'){{$}}
// CHECK-NEXT: {{^	}}fast_unwind_on_malloc{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '1'){{$}}
// CHECK-NEXT: {{^	}}suppressions{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (string, default: ''){{$}}
// CHECK-NEXT: {{^	}}print_suppressions{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '1'){{$}}
// CHECK-NEXT: {{^	}}print_summary{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '1'){{$}}
// CHECK-NEXT: {{^	}}log_path{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (string, default: 'stderr'){{$}}
// CHECK-NEXT: {{^	}}verbosity{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (int, default: '0'){{$}}
// CHECK-NEXT: {{^	}}log_threads{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '0'){{$}}
// CHECK-NEXT: {{^	}}log_pointers{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '0'){{$}}
// CHECK-NEXT: {{^	}}symbolize{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '1'){{$}}
// CHECK-NEXT: {{^	}}external_symbolizer_path{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (string, default: ''){{$}}
// CHECK-NEXT: {{^	}}strip_path_prefix{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (string, default: ''){{$}}
// CHECK-NEXT: {{^	}}tries{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (int, default: '1'){{$}}
// CHECK-NEXT: {{^	}}help{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '0'){{$}}
// CHECK-NEXT: {{^	}}allocator_may_return_null{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '0'){{$}}
// CHECK-NEXT: {{^	}}stop_the_world{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (string, default: 'auto'){{$}}
// CHECK-NEXT: {{^	}}stop_the_world_signal{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (int, default: '0'){{$}}
// CHECK-NEXT: {{^	}}stop_the_world_timeout_ms{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (int, default: '10000'){{$}}
// CHECK-NEXT: {{^	}}max_allocation_size_mb{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (int, default: '0'){{$}}
// CHECK-NEXT: {{^	}}clear_recycled_chunks{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '1'){{$}}
// CHECK-NEXT: {{^	}}detect_double_free{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (bool, default: '0'){{$}}
// CHECK-NEXT: {{^	}}double_free_max_entries{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (int, default: '65536'){{$}}
// CHECK-NEXT: {{^	}}report_format{{$}}
// CHECK-NEXT: {{^		}}- {{.+}} (string, default: 'text'){{$}}
// CHECK-NEXT: {{^}}Set them in LSAN_OPTIONS or __lsan_default_options() as name=value, separated by ':', ',' or spaces.{{$}}
// CHECK-NEXT: exit=0
