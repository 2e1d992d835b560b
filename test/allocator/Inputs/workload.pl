# A deterministic Perl workload for program_perl.test: hashes, arrays,
# string building, regexes and sorting.
use strict;
use warnings;

my %count;
for my $i (0 .. 199999) {
    my $k = "k" . (($i * 7919) % 50021);
    $count{$k} += $i;
}
my @keys = sort { $count{$a} <=> $count{$b} || $a cmp $b } keys %count;
print scalar(@keys), " $keys[0] $keys[-1] $count{$keys[-1]}\n";

my $s = "";
$s .= sprintf("%05d;", $_) for 0 .. 99999;
my @parts = split /;/, $s;
print length($s), " ", scalar(@parts), " $parts[12345]\n";

my $n = () = $s =~ /(\d)\1/g;
print "repeats $n\n";

my @rows = map { [$_, $_ * $_ % 997, "x" x ($_ % 50)] } 1 .. 50000;
my @sorted = sort { $a->[1] <=> $b->[1] || $a->[0] <=> $b->[0] } @rows;
print "$sorted[0][0] $sorted[-1][0] ", length(join("", map { $_->[2] } @sorted)), "\n";
